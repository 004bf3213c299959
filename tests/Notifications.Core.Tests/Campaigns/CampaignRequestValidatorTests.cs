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
    };

    private static readonly IReadOnlySet<string> Schemes = new MessageOptions { AppLinkSchemes = "socialapp" }.DeepLinkSchemes();

    [Fact]
    public void Validate_ValidRequest_NoErrors() => Assert.Empty(CampaignRequestValidator.Validate(Valid, Now, Schemes));

    [Fact]
    public void Validate_EverythingWrong_EveryFieldNamed()
    {
        var request = new CampaignRequest
        {
            Title = " ",
            AudienceQuery = new string('x', CampaignRequestValidator.MaxQueryLength + 1),
            Message = new PushMessage { Title = "", Body = "", ImageUrl = "ftp://x/y.png" },
            Platforms = ["windows"],
            SendAfter = Now.AddDays(40),
        };

        var errors = CampaignRequestValidator.Validate(request, Now, Schemes);

        Assert.Equal(
            ["audienceQuery", "message.imageUrl", "message.title", "platforms", "sendAfter", "title"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["entry 1 is not a platform (android or ios)"], errors["platforms"]);
    }

    [Theory]
    [InlineData("https://social.example/artists/42")]
    [InlineData("socialapp://artists/42")]
    public void Validate_DeepLinkWithAllowedScheme_NoErrors(string link) =>
        Assert.Empty(CampaignRequestValidator.Validate(Valid with { Message = Valid.Message! with { DeepLink = link } }, Now, Schemes));

    [Theory]
    [InlineData("http://social.example/artists/42")]
    [InlineData("otherapp://x")]
    [InlineData("javascript:alert(1)")]
    public void Validate_DeepLinkWithOtherScheme_FieldErrorNamingTheSchemes(string link)
    {
        var errors = CampaignRequestValidator.Validate(Valid with { Message = Valid.Message! with { DeepLink = link } }, Now, Schemes);

        Assert.Equal(["must use one of: https, socialapp"], errors["message.deepLink"]);
    }
}
