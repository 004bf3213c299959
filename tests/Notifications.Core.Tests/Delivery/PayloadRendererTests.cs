using System.Text;
using System.Text.Json;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Delivery;

public sealed class PayloadRendererTests
{
    [Fact]
    public void Render_Message_ProducesFcmAndApnsFormsWithCampaignCollapseId()
    {
        var prepared = PayloadRenderer.Render("spring-sale", TestMessages.Simple with { ImageUrl = "https://cdn.example/p.png", Sound = "default" });

        using var fcm = JsonDocument.Parse("{" + Encoding.UTF8.GetString(prepared.FcmMessageMembers.Span) + "}");
        var root = fcm.RootElement;
        Assert.Equal("Your favourite brand is here", root.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal("https://cdn.example/p.png", root.GetProperty("notification").GetProperty("image").GetString());
        Assert.Equal("spring-sale", root.GetProperty("data").GetProperty("campaign").GetString());
        Assert.Equal("https://social.example/brands/7", root.GetProperty("data").GetProperty("link").GetString());
        Assert.Equal("7", root.GetProperty("data").GetProperty("brand").GetString());
        Assert.Equal("high", root.GetProperty("android").GetProperty("priority").GetString());
        Assert.Equal("3600s", root.GetProperty("android").GetProperty("ttl").GetString());
        Assert.Equal("spring-sale", root.GetProperty("android").GetProperty("collapse_key").GetString());
        Assert.Equal("spring-sale", root.GetProperty("android").GetProperty("notification").GetProperty("tag").GetString());

        using var apns = JsonDocument.Parse(prepared.ApnsBody);
        var aps = apns.RootElement.GetProperty("aps");
        Assert.Equal("Follow them for a give-away this week.", aps.GetProperty("alert").GetProperty("body").GetString());
        Assert.Equal(1, aps.GetProperty("mutable-content").GetInt32());
        Assert.Equal("default", aps.GetProperty("sound").GetString());
        Assert.Equal("https://social.example/brands/7", apns.RootElement.GetProperty("link").GetString());
        Assert.Equal("spring-sale", prepared.CollapseId);
        Assert.Equal(TimeSpan.FromHours(1), prepared.TimeToLive);
    }

    [Fact]
    public void Render_VariantOfAnExperiment_EveryPushCarriesCampaignArmAndAnalyticsLabel()
    {
        var prepared = PayloadRenderer.Render("day2-engagement-20261126", TestMessages.Simple, arm: "invite-friends");

        using var fcm = JsonDocument.Parse("{" + Encoding.UTF8.GetString(prepared.FcmMessageMembers.Span) + "}");
        Assert.Equal("day2-engagement-20261126", fcm.RootElement.GetProperty("data").GetProperty("campaign").GetString());
        Assert.Equal("invite-friends", fcm.RootElement.GetProperty("data").GetProperty("arm").GetString());
        Assert.Equal("day2-engagement-20261126", fcm.RootElement.GetProperty("fcm_options").GetProperty("analytics_label").GetString());
        using var apns = JsonDocument.Parse(prepared.ApnsBody);
        Assert.Equal("invite-friends", apns.RootElement.GetProperty("arm").GetString());
        Assert.Equal("day2-engagement-20261126", apns.RootElement.GetProperty("campaign").GetString());
    }

    [Theory]
    [InlineData("spring-sale", "spring-sale")]
    [InlineData("a-campaign-id-that-is-far-longer-than-fifty-characters-allow", null)]
    [InlineData("with spaces/and+signs", null)]
    public void AnalyticsLabel_AnyCampaignId_MatchesFcmsPattern(string campaignId, string? expected)
    {
        var label = PayloadRenderer.AnalyticsLabel(campaignId);

        Assert.Matches("^[a-zA-Z0-9-_.~%]{1,50}$", label);
        if (expected is not null)
        {
            Assert.Equal(expected, label);
        }
        else
        {
            Assert.NotEqual(label, PayloadRenderer.AnalyticsLabel(campaignId + "2"));
        }
    }

    [Fact]
    public void Render_SameMessageTwice_SameHash()
    {
        Assert.Equal(TestMessages.Prepared("a").PayloadHash, TestMessages.Prepared("a").PayloadHash);
        Assert.NotEqual(TestMessages.Prepared("a").PayloadHash, TestMessages.Prepared("b").PayloadHash);
    }

    [Fact]
    public void Render_MessageOver4KB_ThrowsNamingTheSize()
    {
        // 2,000 CJK characters pass the character limit but are 6,000 bytes of UTF-8.
        var message = TestMessages.Simple with { Body = new string('字', 2000) };

        var ex = Assert.Throws<InvalidPushMessageException>(() => PayloadRenderer.Render("c", message));

        Assert.Contains(ex.Errors, e => e.Problem.Contains("for APNs; the limit is 4096", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Problem.Contains("for FCM; the limit is 4096", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_DataOf4KB_ThrowsEvenThoughEveryFieldIsShort()
    {
        var data = Enumerable.Range(0, 60).ToDictionary(i => $"key{i}", _ => new string('x', 80));

        var ex = Assert.Throws<InvalidPushMessageException>(() => PayloadRenderer.Render("c", TestMessages.Simple with { Data = data }));

        Assert.Equal("message", ex.Errors[0].Field);
    }

    [Theory]
    [InlineData("", "", "message.title")]
    [InlineData("t", "b", "message.imageUrl", "http://insecure.example/p.png")]
    [InlineData("t", "b", "message.deepLink", null, "not a url")]
    public void Render_InvalidFields_ThrowsNamingTheField(string title, string body, string field, string? image = null, string? link = null)
    {
        var message = new PushMessage { Title = title, Body = body, ImageUrl = image, DeepLink = link };

        var ex = Assert.Throws<InvalidPushMessageException>(() => PayloadRenderer.Render("c", message));

        Assert.Contains(ex.Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("aps")]
    [InlineData("google.sent_time")]
    [InlineData("from")]
    [InlineData("campaign")]
    public void Validate_ReservedDataKey_Reported(string key)
    {
        var errors = PushMessageValidator.Validate(TestMessages.Simple with { Data = new Dictionary<string, string> { [key] = "v" } });

        Assert.Contains(errors, e => e.Field == $"message.data.{key}" && e.Problem == "is a reserved key");
    }

    [Fact]
    public void Validate_TtlOverFourWeeks_Reported()
    {
        var errors = PushMessageValidator.Validate(TestMessages.Simple with { TimeToLive = TimeSpan.FromDays(29) });

        Assert.Contains(errors, e => e.Field == "message.timeToLive");
    }
}
