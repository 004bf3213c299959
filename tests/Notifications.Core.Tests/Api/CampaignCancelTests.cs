using System.Text;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Identity;
using Notifications.Core.Tests.Approvals;
using Notifications.Core.Tests.Infrastructure;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Api;

[Collection(StorageCollection.Name)]
public sealed class CampaignCancelTests(AzuriteFixture azurite)
{
    private static readonly Caller Stranger = new("Eve", "eve@social.example", "aad");
    private static readonly Caller Bob = new("Bob", ApprovalHarness.Bob, "aad");

    [Fact]
    public async Task CancelAsync_RequesterWhileAwaitingApproval_CancelledNothingSentAuditedAndToldByEmail()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        var response = await CancelAsync(harness, ApprovalHarness.Requester, campaign.Id, """{"reason":"wrong artist"}""");
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(202, response.Status);
        Assert.Equal(CampaignStatus.Cancelled, outcome.Status);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
        var audit = await harness.AuditAsync(campaign.Id);
        Assert.Contains(audit, e => e is { Action: "cancel-requested", Actor: $"{ApprovalHarness.Maya} (oid {ApprovalHarness.MayaObjectId})" } && e.Detail.EndsWith(": wrong artist", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { Action: "cancelled", Actor: ApprovalHarness.Maya });
        Assert.Contains("cancelled by maya@social.example", harness.OutcomeMail("Cancelled")!.Text, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.Cancelled, (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status);
    }

    [Fact]
    public async Task CancelAsync_SomeoneElse_403AndTheCampaignStillWaits()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        var response = await CancelAsync(harness, Stranger, campaign.Id, "{}");
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(403, response.Status);
        Assert.Equal(CampaignStatus.Rejected, outcome.Status);
        Assert.DoesNotContain(await harness.AuditAsync(campaign.Id), e => e.Action.StartsWith("cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelAsync_CrossSiteFormPostWithoutJson_415AndNothingChanges()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        // What a hostile page can make a signed-in browser send without a CORS preflight.
        var response = await harness.Get<CampaignApi>().CancelAsync(harness.Client, ApprovalHarness.Requester, campaign.Id,
            new ApiBody("application/x-www-form-urlencoded", new MemoryStream("reason=x"u8.ToArray())), CancellationToken.None);

        Assert.Equal(415, response.Status);
        Assert.Equal(CampaignStatus.AwaitingApproval, (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status);
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        await harness.OutcomeAsync(campaign.Id);
    }

    [Fact]
    public async Task CancelAsync_ApproverBeforeTheSendTime_CancelledAndNothingSent()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync(sendAfter: DateTimeOffset.UtcNow.AddHours(1));
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Approve"));
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status == CampaignStatus.Scheduled);

        var response = await CancelAsync(harness, Bob, campaign.Id, "{}");
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(202, response.Status);
        Assert.Equal(CampaignStatus.Cancelled, outcome.Status);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
        Assert.Contains(await harness.AuditAsync(campaign.Id), e => e is { Action: "cancelled", Actor: ApprovalHarness.Bob } && e.Detail.Contains("before its send time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelAsync_WhileSending_ChunksNotYetPushedStopAndTheCampaignIsCancelled()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite,
            // Slow enough that each chunk's second push comes seconds after the first accepted one: a loaded machine
            // (a full run on 2 cores) took over a second to carry the cancel through at 300 ms.
            gateways: new LoopbackGatewayOptions { Latency = TimeSpan.FromSeconds(3) },
            settings: new Dictionary<string, string?> { ["Batches:ChunkSize"] = "2", ["Fcm:MaxConcurrency"] = "1", ["Apns:MaxConcurrency"] = "1" });
        var campaign = await harness.SubmitAsync();
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Approve"));
        await ApprovalHarness.WaitUntilAsync(() => Task.FromResult(harness.Batch.Gateways.Recorder.Accepted > 0));

        var response = await CancelAsync(harness, ApprovalHarness.Requester, campaign.Id, "{}");
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(202, response.Status);
        Assert.Equal(CampaignStatus.Cancelled, outcome.Status);
        Assert.True(outcome.Summary!.Counts.Sent < 15, $"sent {outcome.Summary.Counts.Sent}");
        Assert.True(outcome.Summary.Counts.ChunksCancelled > 0);
        Assert.Contains(await harness.AuditAsync(campaign.Id), e => e.Action == "send-cancelled");
    }

    [Fact]
    public async Task CancelAsync_AfterItEnded_409()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        var response = await CancelAsync(harness, ApprovalHarness.Requester, campaign.Id, "{}");

        Assert.Equal(409, response.Status);
        Assert.Equal("The campaign is already rejected.", ((ProblemDetails)response.Body!).Detail);
    }

    [Fact]
    public async Task CancelAsync_ReasonTooLong_400NamesTheField()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        var response = await CancelAsync(harness, ApprovalHarness.Requester, campaign.Id, $$"""{"reason":"{{new string('x', 501)}}"}""");

        Assert.Equal(400, response.Status);
        Assert.Contains("reason", ((ProblemDetails)response.Body!).Errors!.Keys);
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        await harness.OutcomeAsync(campaign.Id);
    }

    private static Task<ApiResponse> CancelAsync(ApprovalHarness harness, Caller caller, string id, string json) =>
        harness.Get<CampaignApi>().CancelAsync(harness.Client, caller, id, new ApiBody("application/json", new MemoryStream(Encoding.UTF8.GetBytes(json))), CancellationToken.None);
}
