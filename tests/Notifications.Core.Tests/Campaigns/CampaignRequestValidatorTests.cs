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

    private static CampaignRequest TwoVariants => Valid with
    {
        Message = null,
        Variants =
        [
            new CampaignVariant { Name = "a", Percent = 45, Message = new PushMessage { Title = "Hi {{ first_name }}" } },
            new CampaignVariant { Name = "b", Percent = 45, Message = new PushMessage { Title = "Hello" } },
        ],
        ControlPercent = 10,
    };

    [Fact]
    public void Validate_TwoVariantsAndAControlGroupAddingUpTo100_NoErrors() => Assert.Empty(CampaignRequestValidator.Validate(TwoVariants, Now, Schemes));

    [Fact]
    public void Validate_VariantsWrong_EachNamedByItsPath()
    {
        var request = TwoVariants with
        {
            Message = new PushMessage { Title = "both" },
            Variants =
            [
                new CampaignVariant { Name = "a", Percent = 45.555m, Message = new PushMessage { Title = "" } },
                new CampaignVariant { Name = "A", Percent = 45, Message = new PushMessage { Title = "x", DeepLink = "javascript:alert(1)" } },
                new CampaignVariant { Name = "bad name", Percent = 0, Message = null },
            ],
            ControlPercent = 100,
            Placeholders = new Dictionary<string, PlaceholderRule> { ["first_name"] = new() { MaxLength = 1000 }, ["city"] = new() },
        };

        var errors = CampaignRequestValidator.Validate(request, Now, Schemes);

        Assert.Equal(
            ["controlPercent", "message", "placeholders.city", "placeholders.first_name", "placeholders.first_name.maxLength", "variants[0].message.title", "variants[0].percent", "variants[1].message.deepLink",
             "variants[1].name", "variants[2].message", "variants[2].name", "variants[2].percent"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_SharesNotAddingUpTo100_SaysTheTotal() =>
        Assert.Equal(["the variants' percents and controlPercent add up to 95, not 100"], CampaignRequestValidator.Validate(TwoVariants with { ControlPercent = 5 }, Now, Schemes)["variants"]);

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

    [Fact]
    public void Validate_TimingOptions_AcceptedAndParsed()
    {
        var request = Valid with { QuietHours = "Skip", DeliverAt = "10:00", LocalTime = true, MaxPerMinute = 6000 };

        Assert.Empty(CampaignRequestValidator.Validate(request, Now, Schemes));
        Assert.Equal(Core.Timing.QuietHoursMode.Skip, CampaignRequestValidator.ParseQuietHours(request.QuietHours));
    }

    [Fact]
    public void Validate_BadTimingOptions_EachFieldNamedWithoutEchoingIt()
    {
        // "ignore" would wake sleepers: only a transactional batch may ask for it, never a marketing request.
        var request = Valid with { QuietHours = "ignore", DeliverAt = "<b>25:61</b>", LocalTime = true, MaxPerMinute = 10 };

        var errors = CampaignRequestValidator.Validate(request, Now, Schemes);

        Assert.Equal(["deliverAt", "maxPerMinute", "quietHours"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(errors.Values.SelectMany(e => e), e => e.Contains("<b>", StringComparison.Ordinal) || e.Contains("ignore", StringComparison.Ordinal));
        Assert.Equal(["needs a delivery time (deliverAt) to read in each user's zone"],
            CampaignRequestValidator.Validate(Valid with { LocalTime = true }, Now, Schemes)["localTime"]);
    }
}
