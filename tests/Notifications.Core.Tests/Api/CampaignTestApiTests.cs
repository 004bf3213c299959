using System.Text;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Testing;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Identity;
using Notifications.Core.Tests.Approvals;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Api;

/// <summary>A requester's test push from the form, before submitting: limited, audited, and only ever to listed test phones.</summary>
[Collection(StorageCollection.Name)]
public sealed class CampaignTestApiTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Approvals:TestUsers:0:UserId"] = "qa-phones",
        ["Approvals:TestUsers:0:Name"] = "QA phones",
        ["Approvals:MaxFormTestsPerHour"] = "2",
    };

    private const string Body = """
        {"campaign":{"platforms":["android","ios"],"variants":[
            {"name":"a","percent":50,"message":{"title":"Hello","locales":{"fr":{"title":"Bonjour"}}}},
            {"name":"b","percent":50,"message":{"title":"Hey","locales":{"fr":{"title":"Coucou"}}}}]},
         "testUserId":"qa-phones","arm":1,"locale":"fr"}
        """;

    [Fact]
    public async Task SendAsync_ListedTestUser_TheChosenFormReachesEachDeviceAndTheResultSaysSo()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, settings: Settings);
        await PhonesAsync(harness);
        var api = harness.Get<CampaignTestApi>();

        var sent = await api.SendAsync(harness.Client, ApprovalHarness.Requester, Json(Body), CancellationToken.None);
        var id = Assert.IsType<TestPushResult>(sent.Body).Id;
        TestPushResult? result = null;
        await ApprovalHarness.WaitUntilAsync(async () => (result = (await api.GetAsync(ApprovalHarness.Requester, id, CancellationToken.None)).Body as TestPushResult) is { Final: true });
        var pushes = harness.Batch.Gateways.Recorder.Records.Where(r => r.CollapseId == "form-test").ToList();
        var someoneElse = await api.GetAsync(new Caller("Eve", "eve@social.example", "aad", "00000000-0000-4000-8000-0000000000e0"), id, CancellationToken.None);
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.AuditAsync(CampaignTestApi.AuditTrail)).Any(e => e.Action == "test-sent"));
        var audit = await harness.AuditAsync(CampaignTestApi.AuditTrail);

        Assert.Equal(202, sent.Status);
        Assert.Equal($"/api/campaigns/tests/{id}", sent.Location);
        Assert.Equal("Test push (variant b, French (fr), placeholders as their defaults) to test user QA phones: 2 delivered", result!.Summary);
        Assert.Equal(["Coucou", "Coucou"], pushes.Select(p => p.Title));
        Assert.Equal(404, someoneElse.Status);
        Assert.Contains(audit, e => e.Action == "test-sent" && e.Detail == result.Summary && e.Actor.StartsWith(ApprovalHarness.Maya, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_OverTheHourlyLimit_429AndNothingMoreSent()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, settings: Settings);
        var api = harness.Get<CampaignTestApi>();

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await api.SendAsync(harness.Client, ApprovalHarness.Requester, Json(Body), CancellationToken.None)).Status);
        }

        // No phones registered: the first two are answered at once ("no registered device"), the third is refused.
        Assert.Equal([200, 200, 429], statuses);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    [Theory]
    [InlineData("\"testUserId\":\"qa-phones\"", "\"testUserId\":\"someone-else\"", "testUserId")]
    [InlineData("\"arm\":1", "\"arm\":2", "arm")]
    [InlineData("\"locale\":\"fr\"", "\"locale\":\"de\"", "locale")]
    [InlineData("\"title\":\"Hey\"", "\"title\":\"Hey\",\"deepLink\":\"javascript:alert(1)\"", "campaign.variants[1].message.deepLink")]
    public async Task SendAsync_BadField_400NamingItNothingSent(string from, string to, string field)
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, settings: Settings);
        await PhonesAsync(harness);

        var response = await harness.Get<CampaignTestApi>().SendAsync(harness.Client, ApprovalHarness.Requester, Json(Body.Replace(from, to, StringComparison.Ordinal)), CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.Contains(field, Assert.IsType<ProblemDetails>(response.Body).Errors!.Keys);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    private static ApiBody Json(string json) => new("application/json", new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static Task PhonesAsync(ApprovalHarness harness)
    {
        var now = TimeProvider.System.GetUtcNow();
        return harness.Batch.Registry.ImportAsync(
        [
            new DeviceRegistration("qa-phones", PushPlatform.Android, "fcm-qa:APA91b", null, now, now),
            new DeviceRegistration("qa-phones", PushPlatform.Ios, new string('e', 64), null, now, now),
        ]);
    }
}
