using Microsoft.Extensions.Options;
using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Tests.Approvals;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Security.Tests.Email;

/// <summary>
/// An address <c>EmailAddressAttribute</c> accepted but the mail path refused made the approval-email step retry four
/// times, mailing every approver fresh links each time, then fail while approvers held live links. Now: addresses are
/// checked as MimeKit parses them before anything is asked, each approver's email is sent once, a permanent refusal
/// is not retried, and a request that cannot reach every approver leaves no live link behind.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ApprovalEmailAttackTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ApproverEmail_RefusedPermanently_NotRetriedCampaignFailedAndLinksDead()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        harness.Mail.RejectedRecipients[ApprovalHarness.Bob] = true;

        var campaign = (await harness.Get<CampaignService>().SubmitAsync(harness.Client, new CampaignRequest
        {
            Title = "Artist joined",
            AudienceQuery = "SELECT user_id FROM fans",
            Message = new PushMessage { Title = "Hi" },
            Platforms = ["android", "ios"],
        }, ApprovalHarness.Requester)).Campaign!;
        var outcome = await harness.OutcomeAsync(campaign.Id);
        var adaApprove = harness.Link(ApprovalHarness.Ada, "Approve");
        var late = await harness.ClickAsync(adaApprove);

        Assert.Equal(CampaignStatus.Failed, outcome.Status);
        Assert.Equal(1, harness.Mail.Rejections);
        Assert.Single(harness.Mail.Messages, m => m.To.Contains(ApprovalHarness.Ada) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal));
        var failed = Assert.Single(await harness.AuditAsync(campaign.Id), e => e.Action == "approval-email-failed");
        Assert.Contains("every approval link of this request is revoked", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(409, late.Status);
        Assert.NotNull(harness.OutcomeMail("Failed"));
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task ApproverEmail_ActivityRunsAgain_ApproverMailedOnce()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var mailer = harness.Get<ApprovalMailer>();

        // The activity is delivered again (a worker lost after the send, before its result was recorded).
        var sentAgain = await mailer.SendToApproverAsync(new ApproverEmailRequest(campaign.Id, 10, ApprovalHarness.Ada, TimeProvider.System.GetUtcNow().AddHours(1)));
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        Assert.False(sentAgain);
        Assert.Single(harness.Mail.Messages, m => m.To.Contains(ApprovalHarness.Ada) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal));
        Assert.Equal(0, harness.Mail.Duplicates);
    }

    [Theory]
    [InlineData("bob smith@social.example")]
    [InlineData("bob@social@example")]
    [InlineData("Bob <bob@social.example>")]
    public void ApproverConfiguration_AddressMimeKitRefuses_RefusedAtStart(string address)
    {
        var options = new ApprovalOptions
        {
            SigningKeys = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            PublicBaseUrl = new Uri("https://notify.example/"),
            Approvers = { new Approver { Email = address, Name = "Bob" } },
        };

        var result = new DataAnnotationValidateOptions<ApprovalOptions>(null).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("not an email address", result.FailureMessage, StringComparison.Ordinal);
    }
}
