using System.Net;
using System.Text.RegularExpressions;
using Notifications.Core.Approvals.Testing;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Approvals;

/// <summary>
/// Honest test pushes: the test page reports what happened on each device, in the very words of the audit trail, when
/// the push was delivered, when a token was dead, and when there was no device to send to.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class TestPushTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> TestUsers = new()
    {
        ["Approvals:TestUsers:0:UserId"] = "qa-dead",
        ["Approvals:TestUsers:0:Name"] = "Old Pixel",
        ["Approvals:TestUsers:1:UserId"] = "qa-none",
        ["Approvals:TestUsers:1:Name"] = "Nothing registered",
        ["Approvals:TestUsers:2:UserId"] = "qa-android",
        ["Approvals:TestUsers:2:Name"] = "Android only",
    };

    [Fact]
    public async Task TestPush_EachOutcome_ThePageSaysWordForWordWhatTheAuditTrailSays()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, settings: TestUsers);
        var now = TimeProvider.System.GetUtcNow();
        await harness.Batch.Registry.ImportAsync(
        [
            new DeviceRegistration("qa-dead", PushPlatform.Android, "unreg-fcm-qa:APA91b", null, now, now),
            new DeviceRegistration("qa-android", PushPlatform.Android, "fcm-qa:APA91b", null, now, now),
        ]);
        var campaign = await harness.SubmitAsync();
        var test = harness.Link(ApprovalHarness.Ada, "Send a test");

        // Ada's own phones (delivered), the dead one, a test user with nothing registered, one with Android only.
        var targets = new[] { "self", "qa-dead", "qa-none", "qa-android" };
        var pages = new List<string>();
        for (var n = 1; n <= targets.Length; n++)
        {
            var posted = await harness.ClickAsync(test, fields: new Dictionary<string, string> { ["target"] = targets[n - 1], ["form"] = "0|", ["sample"] = "" });
            Assert.Equal(202, posted.Status);
            var shown = string.Empty;
            // The page of test n shows it first: "being prepared", then "sending", then each device's outcome.
            await ApprovalHarness.WaitUntilAsync(async () =>
            {
                shown = WebUtility.HtmlDecode((await harness.Get<ApprovalLinkEndpoint>().ShowAsync(test, n.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None)).Html);
                return FirstResult().Match(shown) is { Success: true } first && first.Groups[1].Value.EndsWith($"-{n:D3}", StringComparison.Ordinal) && first.Groups[2].Value == "true";
            });
            pages.Add(FirstSummary().Match(shown).Groups[1].Value);
        }

        // The flow records each test after its result is written: the last one's entry lands a moment later.
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.AuditAsync(campaign.Id)).Count(e => e.Action is "test-sent" or "test-not-sent") == targets.Length);
        var audited = (await harness.AuditAsync(campaign.Id)).Where(e => e.Action is "test-sent" or "test-not-sent").ToList();
        var deadTokenLeft = (await harness.Batch.Registry.GetDevicesAsync("qa-dead")).Count;
        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(pages, audited.Select(e => e.Detail));
        Assert.Equal(["test-sent", "test-sent", "test-not-sent", "test-sent"], audited.Select(e => e.Action));
        Assert.Equal("Test push (default language, placeholders as their defaults) to you: 2 delivered", pages[0]);
        Assert.Equal("Test push (default language, placeholders as their defaults) to test user Old Pixel: 1 dead token (removed from the registry); no device on iOS", pages[1]);
        Assert.Equal("Test push not sent (default language, placeholders as their defaults): test user Nothing registered has no registered device on Android or iOS", pages[2]);
        Assert.Equal("Test push (default language, placeholders as their defaults) to test user Android only: 1 delivered; no device on iOS", pages[3]);
        Assert.Equal(0, deadTokenLeft);
    }

    [Fact]
    public async Task TestPush_ChosenFormAndSample_TheDevicesGetThatFormWithThatUsersValues()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, tables: ApprovalReviewTests.NamedFans);
        var campaign = await harness.SubmitAsync(request: ApprovalReviewTests.TwoVariantsThreeLocales());
        var review = (await harness.Get<Notifications.Core.Approvals.Review.CampaignReviewStore>().GetAsync(campaign.Id))!;
        var sample = review.Samples.Select((s, i) => (s, i)).First(p => p.s.Values["first_name"] is not null);

        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Send a test"),
            fields: new Dictionary<string, string> { ["target"] = "self", ["form"] = "1|fr", ["sample"] = (sample.i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.AuditAsync(campaign.Id)).Any(e => e.Action == "test-sent"));
        var pushes = harness.Batch.Gateways.Recorder.Records.Where(r => r.CollapseId == campaign.Id + "-test").ToList();
        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(2, pushes.Count);
        Assert.All(pushes, p => Assert.Equal($"{sample.s.Values["first_name"]}, ton prochain artiste préféré", p.Title));
    }

    [Theory]
    [InlineData("target", "mallory", "not on the list of test users")]
    [InlineData("form", "7|fr", "not one of this campaign's")]
    [InlineData("form", "0|xx", "not one of this campaign's")]
    [InlineData("sample", "99", "not one of this campaign's")]
    public async Task TestPush_ChoiceNotOnThePage_RefusedNamingWhatNothingSent(string field, string value, string problem)
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var fields = new Dictionary<string, string> { ["target"] = "self", ["form"] = "0|", ["sample"] = "", [field] = value };

        var page = await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Send a test"), fields: fields);
        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(400, page.Status);
        Assert.Contains(problem, WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Batch.Gateways.Recorder.Records, r => r.CollapseId == campaign.Id + "-test");
        Assert.DoesNotContain(await harness.AuditAsync(campaign.Id), e => e.Action == "test-clicked");
    }

    [GeneratedRegex("data-summary>([^<]+)<")]
    private static partial Regex FirstSummary();

    [GeneratedRegex("data-test-result=\"([^\"]+)\" data-final=\"(true|false)\"")]
    private static partial Regex FirstResult();
}
