using System.Net;
using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Identity;
using Notifications.Core.Tests.Approvals;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Security.Tests.Approvals;

/// <summary>
/// A requester gets an approver to approve a push whose real text they were never shown. Tried on main before this
/// work, both went out: a translation saying something else entirely (shown nowhere, sent to every device in its
/// language), and placeholder text written by the requester's own query (every view showed the placeholder's
/// default). Now every form and the query's values are in the email, on the approval page and on the campaign page;
/// link-shaped values are refused before anyone is asked; the approval covers a digest of exactly that.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class WhatTheApproverSeesAttackTests(AzuriteFixture azurite)
{
    private const string Lure = "Security alert: your account is locked";

    [Fact]
    public async Task HiddenTranslation_ShownToTheApproverInTheEmailThePageAndTheCampaignPage()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync(request: new CampaignRequest
        {
            Title = "Weekly digest",
            AudienceQuery = "SELECT user_id FROM fans",
            Message = new PushMessage
            {
                Title = "Your weekly digest is ready",
                Body = "Three posts you missed.",
                Locales = new Dictionary<string, MessageLocale> { ["fr"] = new() { Title = Lure, Body = "Unlock it within 24 hours or lose your posts." } },
            },
            Platforms = ["android", "ios"],
        });

        foreach (var (where, html) in await ViewsAsync(harness, campaign))
        {
            Assert.True(html.Contains(Lure, StringComparison.Ordinal), $"the {where} hides the French text");
            Assert.True(html.Contains("Unlock it within 24 hours", StringComparison.Ordinal), $"the {where} hides the French body");
            Assert.True(html.Contains("French (fr)", StringComparison.Ordinal), $"the {where} does not say which language gets it");
        }

        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);
    }

    [Fact]
    public async Task QueryMadeText_ShownAsWhatEveryUserGetsWithItsCountAndInTheSamples()
    {
        // One row per user, so the same sentence for everybody, in a placeholder whose default reads harmlessly.
        string[] tables = [$"CREATE TABLE lured AS SELECT 'u' || CAST(i AS VARCHAR) AS user_id, '{Lure}' AS first_name FROM range(10) t(i)"];
        await using var harness = await ApprovalHarness.StartAsync(azurite, tables: tables);
        var campaign = await harness.SubmitAsync(request: new CampaignRequest
        {
            Title = "Say hi",
            AudienceQuery = "SELECT user_id, first_name FROM lured",
            Message = new PushMessage { Title = "{{ first_name | default: \"Hi there\" }}", Body = "Come back and see what is new." },
            Platforms = ["android", "ios"],
        });

        foreach (var (where, html) in await ViewsAsync(harness, campaign))
        {
            Assert.Matches($"data-top-value[^>]*><td[^>]*><span[^>]*>{Lure}</span></td><td[^>]*>10</td>", html);
            // A sample user's notification shows the sentence itself, where the mock-ups of the form show the default.
            Assert.True(html.Contains($"data-mock=\"title\">{Lure}</div>", StringComparison.Ordinal), $"the {where} renders no sample with the query's text");
        }

        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);
    }

    [Theory]
    [InlineData("Reset your password at https://evil.example/reset")]
    [InlineData("Log in: evil.example/login")]
    [InlineData("Ana\nSecurity alert")]
    [InlineData("Ana\u202Ekcol")]
    public async Task QueryMadeLinkOrHiddenLine_RefusedBeforeAnyApproverIsAskedNothingSent(string value)
    {
        string[] tables = ["CREATE TABLE lured AS SELECT 'u' || CAST(i AS VARCHAR) AS user_id, CASE WHEN i = 3 THEN $lure$" + value + "$lure$ ELSE 'Ana' END AS first_name FROM range(10) t(i)"];
        await using var harness = await ApprovalHarness.StartAsync(azurite, tables: tables);
        var campaign = (await harness.Get<CampaignService>().SubmitAsync(harness.Client, new CampaignRequest
        {
            Title = "Say hi",
            AudienceQuery = "SELECT user_id, first_name FROM lured",
            Message = new PushMessage { Title = "Hi {{ first_name }}" },
            Platforms = ["android", "ios"],
        }, ApprovalHarness.Requester)).Campaign!;

        var outcome = await harness.OutcomeAsync(campaign.Id);
        var stored = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!;

        Assert.Equal(CampaignStatus.Failed, outcome.Status);
        Assert.Contains("placeholders.first_name: row ", stored.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(value, stored.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Mail.Messages, m => m.Subject.StartsWith("Approval needed", StringComparison.Ordinal));
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task ApprovalEventWithoutTheShownDigest_CampaignFailsNothingSent()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();

        // An event that did not come through the page (which posts the digest it showed): the flow refuses to send on it.
        await harness.Client.RaiseEventAsync(campaign.Id, ApprovalTaskNames.DecisionEvent, new ApprovalDecision(ApprovalAction.Approve, ApprovalHarness.Ada, "direct"));
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(CampaignStatus.Failed, outcome.Status);
        Assert.Contains(await harness.AuditAsync(campaign.Id), e => e.Action == "approval-mismatch");
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task RequesterUnderAnAliasOfAnApprover_NotAskedAndTheirLinkRefused()
    {
        // Ada is an approver; she signs in to the form under another alias of hers. Her object id is the same person.
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var alias = new Caller("Ada (marketing)", "ada.marketing@social.example", "aad", ApprovalHarness.AdaObjectId);
        var campaign = (await harness.Get<CampaignService>().SubmitAsync(harness.Client, new CampaignRequest
        {
            Title = "My own campaign",
            AudienceQuery = "SELECT user_id FROM fans",
            Message = new PushMessage { Title = "Hi" },
            Platforms = ["android", "ios"],
        }, alias)).Campaign!;
        await ApprovalHarness.WaitUntilAsync(() => Task.FromResult(harness.Mail.Messages.Any(m => m.To.Contains(ApprovalHarness.Bob))));

        // A link to herself signed with the real key (as if the list changed later): refused on sight.
        var own = harness.Get<ApprovalLinkSigner>().Issue(campaign.Id, ApprovalAction.Approve, ApprovalHarness.Ada, TimeProvider.System.GetUtcNow().AddHours(1));
        var page = await harness.Get<ApprovalLinkEndpoint>().ShowAsync(own, null, CancellationToken.None);
        var clicked = await harness.ClickAsync(own);
        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);

        Assert.DoesNotContain(harness.Mail.Messages, m => m.To.Contains(ApprovalHarness.Ada) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal));
        Assert.Equal((403, 403), (page.Status, clicked.Status));
        Assert.Contains("You requested this campaign", page.Html, StringComparison.Ordinal);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.Id));
    }

    private static async Task<IReadOnlyList<(string Where, string Html)>> ViewsAsync(ApprovalHarness harness, Campaign campaign)
    {
        var email = harness.Mail.Messages.Single(m => m.To.Contains(ApprovalHarness.Ada) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal));
        var page = await harness.Get<ApprovalLinkEndpoint>().ShowAsync(harness.Link(ApprovalHarness.Ada, "Approve"), null, CancellationToken.None);
        var campaignPage = await harness.Get<CampaignPages>().StatusAsync(harness.Client, ApprovalHarness.Requester, campaign.Id, CancellationToken.None);
        return [("approval email", WebUtility.HtmlDecode(email.Html)), ("approval page", WebUtility.HtmlDecode(page.Html)), ("campaign page", WebUtility.HtmlDecode(campaignPage.Html))];
    }
}
