using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Campaigns;

public sealed class CampaignRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static CampaignRequest Valid => new()
    {
        Title = "Brand joined",
        AudienceQuery = "SELECT user_id FROM follows WHERE account_id = 'acc-0001'",
        Message = new PushMessage { Title = "New brand", Body = "Check it out" },
        Platforms = ["android", "ios"],
        RequesterName = "Maya",
        RequesterEmail = "maya@social.example",
    };

    [Fact]
    public void Validate_ValidRequest_NoErrors() => Assert.Empty(CampaignRequestValidator.Validate(Valid, Now));

    [Fact]
    public void Validate_EverythingWrong_EveryFieldNamed()
    {
        var request = new CampaignRequest
        {
            Title = " ",
            AudienceQuery = "DELETE FROM users",
            Message = new PushMessage { Title = "", Body = "", ImageUrl = "ftp://x/y.png" },
            Platforms = ["windows"],
            RequesterEmail = "not-an-email",
            SendAfter = Now.AddDays(40),
        };

        var errors = CampaignRequestValidator.Validate(request, Now);

        Assert.Equal(
            ["audienceQuery", "message.imageUrl", "message.title", "platforms", "requesterEmail", "requesterName", "sendAfter", "title"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
