using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Identity;
using Notifications.Core.Tests.Approvals;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Security.Tests.Approvals;

/// <summary>
/// The approval links under attack, on the real flow (durable test host, Azurite, gateways, DuckDB, SMTP sink):
/// self-approval, a second spelling of a used link, unlimited test links, a cross-site confirm, a forged key.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ApprovalLinkAttackTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Approve_RequesterIsAnApprover_NotAskedAndTheirLinkRefused()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var submitted = await harness.Get<CampaignService>().SubmitAsync(harness.Client, new CampaignRequest
        {
            Title = "Ada's own campaign",
            AudienceQuery = "SELECT user_id FROM fans",
            Message = new PushMessage { Title = "Hi" },
            Platforms = ["android"],
        }, new Caller("Ada", ApprovalHarness.Ada, "aad"));
        var campaign = submitted.Campaign!;
        await ApprovalHarness.WaitUntilAsync(() => Task.FromResult(harness.Mail.Messages.Any(m => m.To.Contains(ApprovalHarness.Bob))));

        // Ada holds a validly signed link for her own campaign (say, from a second approver list): it must not work.
        var own = harness.Get<ApprovalLinkSigner>().Issue(campaign.Id, ApprovalAction.Approve, ApprovalHarness.Ada, TimeProvider.System.GetUtcNow().AddHours(1));
        var page = await harness.ClickAsync(own);
        var status = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status;
        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        Assert.DoesNotContain(harness.Mail.Messages, m => m.To.Contains(ApprovalHarness.Ada) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal));
        Assert.Equal(403, page.Status);
        Assert.Contains("other than the person who requested it", page.Html, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.AwaitingApproval, status);
        Assert.Contains(await harness.AuditAsync(campaign.Id), e => e.Action == "link-refused-requester");
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task Approve_UsedThenRespelled_OneDecisionOnly()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var approve = harness.Link(ApprovalHarness.Ada, "Approve");

        var first = await harness.ClickAsync(approve);
        var padded = await harness.ClickAsync(approve + "=");
        var spaced = await harness.ClickAsync(approve.Insert(10, " "));
        var again = await harness.ClickAsync(approve);
        await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(200, first.Status);
        Assert.Equal(400, padded.Status);
        Assert.Equal(400, spaced.Status);
        Assert.Equal(409, again.Status);
        Assert.Single(await harness.AuditAsync(campaign.Id), e => e.Action == "approved");
        Assert.Equal(15, harness.Batch.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.Id));
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Duplicates);
    }

    [Fact]
    public async Task TestLink_ReplayedBeyondTheLimit_RefusedAndNothingMoreSent()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var test = harness.Link(ApprovalHarness.Ada, "Send a test");

        var clicks = new List<HtmlResponse>();
        for (var i = 0; i < 7; i++)
        {
            clicks.Add(await harness.ClickAsync(test));
        }

        await ApprovalHarness.WaitUntilAsync(async () => (await harness.AuditAsync(campaign.Id)).Count(e => e.Action == "test-sent") == 5);
        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);
        var audit = await harness.AuditAsync(campaign.Id);

        Assert.Equal([202, 202, 202, 202, 202, 429, 429], clicks.Select(c => c.Status));
        Assert.Equal(5, audit.Count(e => e.Action == "test-sent"));
        Assert.Equal(2, audit.Count(e => e.Action == "test-limit-reached"));
        Assert.Equal(10, harness.Batch.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.Id + "-test"));
    }

    [Theory]
    [InlineData("https://evil.example", "cross-site")]
    [InlineData("https://evil.example", null)]
    [InlineData("null", "cross-site")]
    [InlineData("null", null)]
    [InlineData("https://notify.example.evil.example", "cross-site")]
    [InlineData("http://notify.example", "cross-site")]
    [InlineData("https://notify.example", "cross-site")]
    [InlineData(null, null)]
    [InlineData(null, "same-origin")]
    public async Task Confirm_PostedFromAnotherOrigin_403AndNothingDecided(string? origin, string? fetchSite)
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        var page = await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Approve"), origin, fetchSite);
        var status = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status;
        var retry = await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(403, page.Status);
        Assert.Equal(CampaignStatus.AwaitingApproval, status);
        Assert.Contains(await harness.AuditAsync(campaign.Id), e => e.Action == "link-cross-origin");
        Assert.Equal(200, retry.Status);
        Assert.Equal(CampaignStatus.Rejected, outcome.Status);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task Approve_LinkSignedWithAnotherKey_RefusedAndNothingSent()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var otherKey = Microsoft.Extensions.Options.Options.Create(new ApprovalOptions
        {
            SigningKeys = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            PublicBaseUrl = new Uri("https://notify.example/"),
        });
        var forged = new ApprovalLinkSigner(otherKey, TimeProvider.System)
            .Issue(campaign.Id, ApprovalAction.Approve, ApprovalHarness.Ada, TimeProvider.System.GetUtcNow().AddHours(1));

        var shown = await harness.Get<ApprovalLinkEndpoint>().ShowAsync(forged, null, CancellationToken.None);
        var used = await harness.ClickAsync(forged);
        var status = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status;
        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        Assert.Equal((400, 400), (shown.Status, used.Status));
        Assert.Contains("not issued by this system", used.Html, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.AwaitingApproval, status);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }
}
