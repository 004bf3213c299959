using System.Net;
using Azure.Storage.Blobs.Specialized;
using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Approvals;

/// <summary>
/// What the approver sees is what users get: every form and the query's placeholder values in the email, on the
/// approval page and on the campaign page; an approval bound to the digest of what was shown; a draft that changed
/// afterwards refused at send time.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ApprovalReviewTests(AzuriteFixture azurite)
{
    /// <summary>u0..u9 with first names from the query: Ana six times, Ben three, one without (the default).</summary>
    internal static readonly string[] NamedFans =
    [
        "CREATE TABLE named_fans AS SELECT 'u' || CAST(i AS VARCHAR) AS user_id, CASE WHEN i < 6 THEN 'Ana' WHEN i < 9 THEN 'Ben' END AS first_name FROM range(10) t(i)",
    ];

    /// <summary>Two variants (45/45, control 10), each with fr, de and pt-BR beside the default: 2 x 4 forms.</summary>
    internal static CampaignRequest TwoVariantsThreeLocales(string query = "SELECT user_id, first_name FROM named_fans") => new()
    {
        Title = "Artist joined: two wordings",
        AudienceQuery = query,
        Variants =
        [
            new CampaignVariant { Name = "a", Percent = 45, Message = Message("a famous artist just joined", "un artiste célèbre arrive", "ein Künstler ist da", "um artista chegou") },
            new CampaignVariant { Name = "b", Percent = 45, Message = Message("your next favourite artist", "ton prochain artiste préféré", "dein neuer Lieblingskünstler", "seu novo artista favorito") },
        ],
        ControlPercent = 10,
        Platforms = ["android", "ios"],
    };

    private static PushMessage Message(string english, string french, string german, string portuguese) => new()
    {
        Title = "{{ first_name | default: \"Hi there\" }}, " + english,
        Body = "Follow them now.",
        Locales = new Dictionary<string, MessageLocale>
        {
            ["fr"] = new() { Title = "{{ first_name | default: \"Salut\" }}, " + french },
            ["de"] = new() { Title = "{{ first_name | default: \"Hallo\" }}, " + german },
            ["pt-BR"] = new() { Title = "{{ first_name | default: \"Oi\" }}, " + portuguese },
        },
    };

    private static readonly string[] FormKeys = ["a/default", "a/de", "a/fr", "a/pt-BR", "b/default", "b/de", "b/fr", "b/pt-BR"];

    [Fact]
    public async Task TwoVariantsThreeLocalesAndAPlaceholder_EveryFormAndTheCommonestValuesInTheEmailTheApprovalPageAndTheCampaignPage()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, tables: NamedFans);
        await LocalesAsync(harness);
        var campaign = await harness.SubmitAsync(request: TwoVariantsThreeLocales());

        var email = WebUtility.HtmlDecode(harness.Mail.Messages.Single(m => m.To.Contains(ApprovalHarness.Ada)).Html);
        var page = WebUtility.HtmlDecode((await harness.Get<ApprovalLinkEndpoint>().ShowAsync(harness.Link(ApprovalHarness.Ada, "Approve"), null, CancellationToken.None)).Html);
        var campaignPage = WebUtility.HtmlDecode((await harness.Get<CampaignPages>().StatusAsync(harness.Client, ApprovalHarness.Requester, campaign.Id, CancellationToken.None)).Html);
        var review = (await harness.Get<CampaignReviewStore>().GetAsync(campaign.Id))!;

        foreach (var (where, html) in new[] { ("email", email), ("approval page", page), ("campaign page", campaignPage) })
        {
            Assert.All(FormKeys, key => Assert.True(html.Contains($"data-form=\"{key}\"", StringComparison.Ordinal), $"{where} lacks the form {key}"));
            Assert.All(["un artiste célèbre arrive", "ton prochain artiste préféré", "dein neuer Lieblingskünstler", "um artista chegou"],
                text => Assert.True(html.Contains(text, StringComparison.Ordinal), $"{where} lacks '{text}'"));
            // The query's values: the commonest with their counts, and a sample user rendered with their own.
            Assert.Matches("data-top-value[^>]*><td[^>]*><span[^>]*>Ana</span></td><td[^>]*>6</td>", html);
            Assert.Matches("data-top-value[^>]*><td[^>]*><span[^>]*>Ben</span></td><td[^>]*>3</td>", html);
            Assert.Contains(review.Digest[..4], html, StringComparison.Ordinal);
        }

        // Gmail clips a message past 102 KB ("View entire message"): these 8 forms and their values stay well inside it
        // (about 46 KB: inline styles kept short, the wire payload of the first form only).
        var sent = harness.Mail.Messages.Single(m => m.To.Contains(ApprovalHarness.Ada));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(sent.Html) < 60_000, $"the approval email is {System.Text.Encoding.UTF8.GetByteCount(sent.Html):N0} bytes");
        Assert.Equal(8, review.Forms.Count);
        Assert.Equal(10, review.Users);
        Assert.Equal(10, review.ArmUsers.Sum());
        // Exact here (the sample is the whole audience): u0-u2 French, u3-u4 German, u5 Brazilian, the rest default;
        // users the hash puts in the control group get no form.
        var arms = new Notifications.Core.Batches.Files.ExperimentArms(campaign.Header().Experiment!);
        int Reached(params int[] users) => users.Count(i => arms.Assign($"u{i}") != Notifications.Core.Batches.Files.ExperimentArms.Control);
        Assert.Equal(Reached(0, 1, 2), review.Forms.Where(f => f.Locale == "fr").Sum(f => f.Users));
        Assert.Equal(Reached(3, 4), review.Forms.Where(f => f.Locale == "de").Sum(f => f.Users));
        Assert.Equal(Reached(6, 7, 8, 9), review.Forms.Where(f => f.Locale is null).Sum(f => f.Users));
        Assert.False(review.Estimated);
        Assert.Equal("first_name", Assert.Single(review.Columns).Column);
        await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"));
        await harness.OutcomeAsync(campaign.Id);
    }

    [Fact]
    public async Task DraftChangedAfterApproval_TheSendRefusesItAndNobodyIsPushed()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite, tables: NamedFans);
        var campaign = await harness.SubmitAsync(sendAfter: TimeProvider.System.GetUtcNow().AddSeconds(8), request: TwoVariantsThreeLocales() with { SendAfter = TimeProvider.System.GetUtcNow().AddSeconds(8) });
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Approve"));
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status == CampaignStatus.Scheduled);

        // Someone with write access to the container rewrites the approved draft: the French text of variant b.
        var draft = harness.Get<StorageClients>().CampaignBatches.GetBlockBlobClient(CampaignPreparer.DraftBlobName(campaign.Id));
        var json = (await draft.DownloadContentAsync()).Value.Content.ToString();
        await draft.UploadAsync(BinaryData.FromString(json.Replace("ton prochain artiste préféré", "Alerte : compte bloqué", StringComparison.Ordinal)).ToStream());
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal(CampaignStatus.Failed, outcome.Status);
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.Id));
        Assert.Contains("nothing from this send was pushed", outcome.Summary!.Error ?? string.Join(" ", outcome.Summary.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalPostedWithAnotherDigest_RefusedNothingClaimedTheCurrentPageThenApproves()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var approve = harness.Link(ApprovalHarness.Ada, "Approve");

        var stale = await harness.ClickAsync(approve, fields: new Dictionary<string, string> { ["digest"] = new string('0', 64) });
        var none = await harness.ClickAsync(approve, fields: new Dictionary<string, string>());
        var status = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status;
        var current = await harness.ClickAsync(approve);
        var outcome = await harness.OutcomeAsync(campaign.Id);

        Assert.Equal((409, 409), (stale.Status, none.Status));
        Assert.Contains("did not match the campaign as it is now", stale.Html, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.AwaitingApproval, status);
        Assert.Equal(200, current.Status);
        Assert.Equal(CampaignStatus.Sent, outcome.Status);
        Assert.Equal(2, (await harness.AuditAsync(campaign.Id)).Count(e => e.Action == "approve-stale"));
    }

    [Fact]
    public async Task RejectWithAReason_TheRequestersEmailTheAuditAndTheLinksPageCarryIt()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        const string reason = "The French text promises a discount we do not offer.";

        var rejected = await harness.ClickAsync(harness.Link(ApprovalHarness.Bob, "Reject"), fields: new Dictionary<string, string> { ["reason"] = reason });
        var outcome = await harness.OutcomeAsync(campaign.Id);
        var later = await harness.Get<ApprovalLinkEndpoint>().ShowAsync(harness.Link(ApprovalHarness.Ada, "Approve"), null, CancellationToken.None);
        var mail = harness.OutcomeMail("Rejected")!;
        var stored = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!;

        Assert.Equal(200, rejected.Status);
        Assert.Equal(CampaignStatus.Rejected, outcome.Status);
        Assert.Contains(reason, mail.Text, StringComparison.Ordinal);
        Assert.Contains(reason, WebUtility.HtmlDecode(mail.Html), StringComparison.Ordinal);
        Assert.Contains(await harness.AuditAsync(campaign.Id), e => e.Action == "rejected" && e.Detail == "rejected: " + reason);
        Assert.Equal((reason, ApprovalHarness.Bob), (stored.DecisionReason, stored.DecidedBy));
        // Ada's approve link now says who decided what, when and why; it offers no button.
        Assert.Contains($"Rejected by {ApprovalHarness.Bob} on ", later.Html, StringComparison.Ordinal);
        Assert.Contains(reason, WebUtility.HtmlDecode(later.Html), StringComparison.Ordinal);
        Assert.DoesNotContain("<button", later.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectReason_TooLongOrWithControlCharacters_RefusedOnThePageNothingDecided()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        var reject = harness.Link(ApprovalHarness.Bob, "Reject");

        var tooLong = await harness.ClickAsync(reject, fields: new Dictionary<string, string> { ["reason"] = new string('x', ApprovalLimits.MaxReasonLength + 1) });
        var control = await harness.ClickAsync(reject, fields: new Dictionary<string, string> { ["reason"] = "no\u0007" });
        var status = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!.Status;
        await harness.ClickAsync(reject);
        await harness.OutcomeAsync(campaign.Id);

        Assert.Equal((400, 400), (tooLong.Status, control.Status));
        Assert.Contains("longer than 500 characters", tooLong.Html, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.AwaitingApproval, status);
    }

    [Fact]
    public async Task QueryPutsALinkInAPlaceholder_CampaignFailsNamingColumnAndRowNeverTheValue()
    {
        string[] tables = ["CREATE TABLE lures AS SELECT 'u' || CAST(i AS VARCHAR) AS user_id, CASE WHEN i = 7 THEN 'verify at evil.example/login' ELSE 'Ana' END AS first_name FROM range(10) t(i)"];
        await using var harness = await ApprovalHarness.StartAsync(azurite, tables: tables);
        var campaign = (await harness.Get<CampaignService>().SubmitAsync(harness.Client, TwoVariantsThreeLocales("SELECT user_id, first_name FROM lures ORDER BY user_id"), ApprovalHarness.Requester)).Campaign!;

        var outcome = await harness.OutcomeAsync(campaign.Id);
        var stored = (await harness.Get<CampaignStore>().GetAsync(campaign.Id))!;

        Assert.Equal(CampaignStatus.Failed, outcome.Status);
        // The row as the engine returned it (its order is the engine's): which one and why, never what.
        Assert.Matches(@"placeholders\.first_name: row \d+: the value looks like a link", stored.Error);
        Assert.DoesNotContain("evil.example", stored.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", harness.OutcomeMail("Failed")!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Mail.Messages, m => m.To.Contains(ApprovalHarness.Ada));
        Assert.Null(await harness.Get<CampaignReviewStore>().GetAsync(campaign.Id));
    }

    [Fact]
    public async Task LinkPlaceholderDeclared_AnHttpsValueIsAllowedAndShown()
    {
        string[] tables = ["CREATE TABLE posts AS SELECT 'u' || CAST(i AS VARCHAR) AS user_id, 'https://social.example/posts/42' AS post_url FROM range(10) t(i)"];
        await using var harness = await ApprovalHarness.StartAsync(azurite, tables: tables);
        var campaign = await harness.SubmitAsync(request: new CampaignRequest
        {
            Title = "New post",
            AudienceQuery = "SELECT user_id, post_url FROM posts",
            Message = new PushMessage { Title = "A new post", Data = new Dictionary<string, string> { ["post"] = "{{ post_url }}" } },
            Platforms = ["android"],
            Placeholders = new Dictionary<string, PlaceholderRule> { ["post_url"] = new() { Link = true, MaxLength = 200 } },
        });

        var review = (await harness.Get<CampaignReviewStore>().GetAsync(campaign.Id))!;

        Assert.Equal(new ValueCount("https://social.example/posts/42", 10, true), Assert.Single(Assert.Single(review.Columns).Top));
        await harness.ClickAsync(harness.Link(ApprovalHarness.Ada, "Reject"));
        await harness.OutcomeAsync(campaign.Id);
    }

    /// <summary>u0-u2 in French, u3-u4 in German, u5 in Brazilian Portuguese; the others in no locale of the message.</summary>
    private static async Task LocalesAsync(ApprovalHarness harness)
    {
        var now = TimeProvider.System.GetUtcNow();
        string? LocaleOf(int i) => i < 3 ? "fr-FR" : i < 5 ? "de-DE" : i == 5 ? "pt-BR" : "en-US";
        // The same tokens the harness seeded, now with their locale (an even user's iPhone too).
        await harness.Batch.Registry.ImportAsync(Enumerable.Range(0, 10).SelectMany(i => new[]
            {
                new DeviceRegistration($"u{i}", PushPlatform.Android, $"fcm-u{i}:APA91b", "com.example.social", now, now, null, LocaleOf(i)),
                new DeviceRegistration($"u{i}", PushPlatform.Ios, Notifications.Core.Tests.Infrastructure.BatchHarness.ApnsToken(i), "com.example.social", now, now, null, LocaleOf(i)),
            }.Take(i % 2 == 0 ? 2 : 1)));
    }
}
