using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Approvals;

[Collection(StorageCollection.Name)]
public sealed class ApproveCampaignOrchestratorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Approve_SendsExactlyTheApprovedAudienceAndTellsTheRequester()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        var page = await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Approve"));
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(200, page.Status);
        Assert.Equal(CampaignStatus.Sent, outcome.Status);
        Assert.Equal(10, outcome.Summary!.Users);
        Assert.Equal(15, outcome.Summary.Counts.Sent);
        Assert.Equal(15, harness.Batch.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.Id));
        Assert.NotNull(harness.OutcomeMail("Sent"));
        var stored = await harness.Get<CampaignStore>().GetAsync(campaign.Id);
        Assert.Equal((CampaignStatus.Sent, ApprovalHarness.Ada, 10L), (stored!.Status, stored.DecidedBy, stored.Users!.Value));
        Assert.Equal(["submitted", "approval-requested", "approve-clicked", "approved", "sending", "sent"],
            (await harness.AuditAsync(campaign.Id)).Select(e => e.Action));
    }

    [Fact]
    public async Task ApprovalEmails_ApproverGetsButtonsRequesterDoesNot()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        var toAda = harness.Mail.Messages.Single(m => m.To.Contains(ApprovalHarness.Ada));
        var toMaya = harness.Mail.Messages.Single(m => m.To.Contains("maya@social.example"));

        Assert.Contains("10 users", toAda.Subject, StringComparison.Ordinal);
        Assert.Contains("&quot;title&quot;: &quot;A famous artist just joined&quot;", toAda.Html, StringComparison.Ordinal);
        Assert.Contains("&quot;aps&quot;", toAda.Html, StringComparison.Ordinal);
        Assert.Contains(">Approve<", toAda.Html, StringComparison.Ordinal);
        Assert.Contains(">Send a test push<", toAda.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/approvals/", toMaya.Html, StringComparison.Ordinal);
        Assert.StartsWith("Awaiting approval", toMaya.Subject, StringComparison.Ordinal);

        // Both link the campaign's page; the decision comes before the payloads, which are folded away.
        Assert.All([toAda, toMaya], m => Assert.Contains($"/campaigns/{campaign.Id}\"", m.Html, StringComparison.Ordinal));
        Assert.True(toAda.Html.IndexOf(">Approve<", StringComparison.Ordinal) < toAda.Html.IndexOf("<details>", StringComparison.Ordinal));
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        await harness.OutcomeAsync(campaign.Id);
    }

    [Fact]
    public async Task Reject_SendsNothingAndTellsTheRequester()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(CampaignStatus.Rejected, outcome.Status);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
        Assert.Contains("rejected by bob@social.example", harness.OutcomeMail("Rejected")!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_ExpiresSendsNothingAndTellsTheRequester()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, linkLifetime: "00:00:05");
        var campaign = await harness.SubmitAsync();

        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(CampaignStatus.Expired, outcome.Status);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
        Assert.NotNull(harness.OutcomeMail("Expired"));
    }

    [Fact]
    public async Task ApproveAfterExpiry_LinkRefusedAndNothingSent()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, linkLifetime: "00:00:05");
        var campaign = await harness.SubmitAsync();
        await harness.OutcomeAsync(campaign.Id);

        var page = await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Approve"));

        Assert.Equal(410, page.Status);
        Assert.Contains("This link expired on", page.Html, StringComparison.Ordinal);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
        Assert.Contains(await harness.AuditAsync(campaign.Id), e => e.Action == "link-expired");
    }

    [Fact]
    public async Task SeveralTestSendsThenApprove_ApproverSeesEachTestThenTheAudienceGetsIt()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var test = harness.Link(ApprovalHarness.Ada, "Send a test");

        Assert.Equal(202, (await harness.ClickAsync(test)).Status);
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.AuditAsync(campaign.Id)).Count(e => e.Action == "test-sent") == 1);
        Assert.Equal(202, (await harness.ClickAsync(test)).Status);
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.AuditAsync(campaign.Id)).Count(e => e.Action == "test-sent") == 2);
        var testPushes = harness.Batch.Gateways.Recorder.Records.Where(r => r.CollapseId == campaign.Id + "-test").ToList();

        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Approve"));
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(4, testPushes.Count);
        Assert.Equal([new string('d', 64), "fcm-ada:APA91b"], testPushes.Select(r => r.Token).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(CampaignStatus.Sent, outcome.Status);
        Assert.Equal(15, harness.Batch.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.Id));

        // Test sends are neither capped nor counted (1 marketing push a day): after two of them, a marketing campaign
        // still reaches the approver. (They are exempt twice over: transactional, and addressed to listed devices,
        // which the cap never counts; turning either off alone leaves this test passing.)
        var marketing = await harness.Batch.SendAsync("to-ada.json",
            "{\"campaignId\":\"campaign-after-tests\",\"message\":{\"title\":\"Hi\"},\"audience\":{\"users\":[\"" + ApprovalHarness.AdaUserId + "\"]}}");
        Assert.Equal((0L, 2L), (marketing.Capped, marketing.Counts.Sent));
    }

    [Fact]
    public async Task SecondApprove_AfterTheFirst_OneSendAndALinkWorksOnce()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var adaApprove = harness.Link(ApprovalHarness.Ada, "Approve");

        await harness.ClickAsync(adaApprove);
        var again = await harness.ClickAsync(adaApprove);

        // Bob rejects at once, before the flow has taken Ada's approval: the campaign's decision is already claimed
        // (or, if the flow was quicker, the campaign is no longer awaiting approval). Either way his link changes nothing.
        var bobReject = await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status != CampaignStatus.AwaitingApproval);
        var bob = await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Approve"));
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(409, again.Status);
        // Bob's pages say who decided what, never offer a button.
        Assert.Equal(409, bobReject.Status);
        Assert.Contains($"Approved by {ApprovalHarness.Ada}", bobReject.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<button", bobReject.Html, StringComparison.Ordinal);
        Assert.Equal(409, bob.Status);
        Assert.Contains($"Approved by {ApprovalHarness.Ada}", bob.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<button", bob.Html, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.Sent, outcome.Status);
        Assert.Equal(15, harness.Batch.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.Id));
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Duplicates);
    }

    [Fact]
    public async Task ApproveAndRejectAtTheSameMoment_ExactlyOneDecides()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        var clicks = await Task.WhenAll(
            harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Approve")),
            harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject")));
        var outcome = await harness.OutcomeAsync(campaign.Id);

        var winner = Assert.Single(clicks, c => c.Status == 200);
        Assert.Single(clicks, c => c.Status == 409);
        Assert.Equal(winner == clicks[0] ? CampaignStatus.Sent : CampaignStatus.Rejected, outcome.Status);
        Assert.Equal(winner == clicks[0] ? 15 : 0, harness.Batch.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.Id));
    }

    [Fact]
    public async Task NonApproverLink_RefusedAndAuditedWhileTheRequestWaits()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var signer = harness.Get<ApprovalLinkSigner>();
        var forged = signer.Issue(campaign.Id, ApprovalAction.Approve, "mallory@evil.example", TimeProvider.System.GetUtcNow().AddHours(1));

        var page = await harness.ClickAsync(forged);

        // A decision that bypassed the endpoint is refused by the orchestration too.
        await harness.Client.RaiseEventAsync(campaign.Id, ApprovalTaskNames.DecisionEvent, new ApprovalDecision(ApprovalAction.Approve, "mallory@evil.example", "direct"));
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.AuditAsync(campaign.Id)).Any(e => e.Action == "decision-refused"));
        var status = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status;
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(403, page.Status);
        Assert.Contains("not (or no longer) a designated approver", page.Html, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.AwaitingApproval, status);
        Assert.Contains(await harness.AuditAsync(campaign.Id), e => e.Action == "link-refused" && e.Actor == "mallory@evil.example");
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task QueryWithoutUserId_FieldErrorAtSubmitNothingStoredOrAsked()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);

        var submitted = await harness.Get<CampaignService>().SubmitAsync(harness.Client, new CampaignRequest
        {
            Title = "Broken",
            AudienceQuery = "SELECT email FROM fans",
            Message = new Notifications.Core.Delivery.PushMessage { Title = "x" },
            Platforms = ["android"],
        }, ApprovalHarness.Requester);
        await Task.Delay(500);

        Assert.Null(submitted.Campaign);
        Assert.Contains("user_id", Assert.Single(submitted.Errors["audienceQuery"]), StringComparison.Ordinal);
        Assert.Empty(harness.Mail.Messages);
    }

    [Fact]
    public async Task QuerySelectsNobody_RequesterToldWhyAndNothingAsked()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = (await harness.Get<CampaignService>().SubmitAsync(harness.Client, new CampaignRequest
        {
            Title = "Nobody",
            AudienceQuery = "SELECT user_id FROM fans WHERE user_id = 'nobody'",
            Message = new Notifications.Core.Delivery.PushMessage { Title = "x" },
            Platforms = ["android"],
        }, ApprovalHarness.Requester)).Campaign;

        var outcome = await harness.OutcomeAsync(campaign!.Id);

        Assert.Equal(CampaignStatus.Failed, outcome.Status);
        Assert.Contains("selected no users", harness.OutcomeMail("Failed")!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Mail.Messages, m => m.To.Contains(ApprovalHarness.Ada));
    }
}
