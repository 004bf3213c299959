using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Approvals.Testing;
using Notifications.Core.Approvals.Web.Components;
using Notifications.Core.Batches;
using Notifications.Core.Campaigns;
using Notifications.Core.Identity;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// <c>/approvals/{token}</c>. GET only shows a page (mail scanners prefetch links, so opening one must never act): the
/// decision the link carries and everything it covers, every form and value; the page's button POSTs, and only the
/// POST raises the decision. An approval posts the digest of what its page showed and is refused if the campaign's
/// review no longer gives it. A tampered, expired, reused or foreign link gets a clear page, changes nothing, and is
/// written to the audit trail; a link whose campaign is decided shows who decided what, and when, never a button.
/// </summary>
public sealed class ApprovalLinkEndpoint
{
    /// <summary>
    /// Row key of a campaign's decision claim. The other claims of its partition are prefixed (<c>link-</c>,
    /// <c>test-</c>, and the mailer's <c>emailed-</c>), so they never collide with it.
    /// </summary>
    private const string DecisionRow = "decision";

    /// <summary>The test target meaning "the approver's own devices".</summary>
    private const string Self = "self";

    private readonly ApprovalLinkSigner _signer;
    private readonly ApprovalOptions _options;
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;
    private readonly StorageClients _storage;
    private readonly TimeProvider _time;
    private readonly CampaignReviewStore _reviews;
    private readonly TestPushResultStore _tests;
    private readonly ComponentRenderer _renderer;
    private readonly string _appName;
    private readonly Timing.QuietHoursOptions _quietHours;

    /// <summary>Creates the endpoint; decisions and used links are claimed in the approval-links table, so a link acts once whichever host gets it.</summary>
    public ApprovalLinkEndpoint(
        ApprovalLinkSigner signer, IOptions<ApprovalOptions> options, CampaignStore campaigns, CampaignAuditLog audit, StorageClients storage, TimeProvider time,
        CampaignReviewStore reviews, TestPushResultStore tests, ComponentRenderer renderer, IOptions<Delivery.MessageOptions> messages,
        IOptions<Timing.QuietHoursOptions> quietHours)
    {
        _signer = signer;
        _options = options.Value;
        _campaigns = campaigns;
        _audit = audit;
        _storage = storage;
        _time = time;
        _reviews = reviews;
        _tests = tests;
        _renderer = renderer;
        _appName = messages.Value.AppName;
        _quietHours = quietHours.Value;
    }

    /// <summary>GET: the link's page; <paramref name="test"/> (a test link's <c>?test=N</c>) puts that test's result first.</summary>
    public async Task<HtmlResponse> ShowAsync(string token, string? test, CancellationToken cancellationToken)
    {
        // A test's result page reloads itself until the test ends: only the first view is an opening worth a trail entry.
        var (link, campaign, refusal) = await CheckAsync(token, test is null ? "opened" : "viewed", 200, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        int? shown = int.TryParse(test, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= _options.MaxTestSendsPerApprover ? n : null;
        return await PageAsync(200, link!, campaign!, null, shown, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST: acts on the link, once for approve and reject, up to the test-send limit for tests. Only the page itself
    /// may post: <paramref name="origin"/> and <paramref name="fetchSite"/> are the request's <c>Origin</c> and
    /// <c>Sec-Fetch-Site</c> headers; <paramref name="form"/> is the page's form (the digest, a reason, a test's choice).
    /// </summary>
    public async Task<HtmlResponse> ActAsync(
        DurableTaskClient client, string token, string? origin, string? fetchSite, Api.ApiBody? form, CancellationToken cancellationToken)
    {
        var (link, campaign, refusal) = await CheckAsync(token, "used", 409, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var linkId = link!.Id;
        if (!IsOwnOrigin(origin, fetchSite))
        {
            // Browsers send Origin on every POST; another site's form (or a script without one) is not the approver's click.
            return await RefuseAsync(campaign!.Id, link.Approver, "link-cross-origin", linkId, 403, "Confirm from the approval page",
                "This confirmation did not come from the approval page. Open the link from the email and press its button.", cancellationToken).ConfigureAwait(false);
        }

        if (await FormFields.ReadAsync(form, cancellationToken).ConfigureAwait(false) is not { } fields)
        {
            return HtmlResponse.Notice(400, "The form could not be read", "Press the button on the approval page; its form is all this address takes.");
        }

        var approver = _options.Find(link.Approver)!;
        var decision = new ApprovalDecision(link.Action, link.Approver, linkId) { ApproverObjectId = approver.ObjectId };
        var review = await _reviews.GetAsync(campaign!.Id, cancellationToken).ConfigureAwait(false);
        switch (link.Action)
        {
            case ApprovalAction.Approve:
                var digest = fields.GetValueOrDefault("digest");
                if (review is not null && !string.Equals(digest, review.Digest, StringComparison.Ordinal))
                {
                    // Nothing is claimed: the approver reads the page again (as it is now) and approves that, if they still do.
                    await AuditAsync(campaign.Id, link.Approver, "approve-stale",
                        $"the page approved showed {(string.IsNullOrEmpty(digest) ? "no digest" : "another version")}; shown again", linkId, cancellationToken).ConfigureAwait(false);
                    return await PageAsync(409, link, campaign, "This approval did not match the campaign as it is now, so nothing happened. Read the page again and approve what it shows.", null, cancellationToken)
                        .ConfigureAwait(false);
                }

                decision = decision with { Digest = review?.Digest };
                break;

            case ApprovalAction.Reject:
                var reason = fields.GetValueOrDefault("reason")?.Trim();
                if (ReasonProblem(reason) is { } problem)
                {
                    return await PageAsync(400, link, campaign, problem, null, cancellationToken).ConfigureAwait(false);
                }

                decision = decision with { Reason = string.IsNullOrEmpty(reason) ? null : reason };
                break;

            default:
                var (choice, choiceProblem) = ReadTestChoice(fields, approver, review, campaign);
                if (choice is null)
                {
                    return await PageAsync(400, link, campaign, choiceProblem, null, cancellationToken).ConfigureAwait(false);
                }

                decision = decision with { Test = choice };
                break;
        }

        var claims = new List<TableEntity>();
        int? testNumber = null;
        if (link.IsReusable)
        {
            var slot = await ClaimTestSlotAsync(campaign.Id, link, cancellationToken).ConfigureAwait(false);
            if (slot is null)
            {
                return await RefuseAsync(campaign.Id, link.Approver, "test-limit-reached", linkId, 429, "No test sends left",
                    $"Each approver may send {_options.MaxTestSendsPerApprover} test pushes per campaign; you have used them all.", cancellationToken).ConfigureAwait(false);
            }

            claims.Add(slot.Value.Claim);
            testNumber = slot.Value.Number;
            decision = decision with { TestId = TestId(campaign.Id, link.Approver, slot.Value.Number) };
        }
        else
        {
            // Two claims, each insert-only: this link's single use, then the campaign's single decision. The second
            // closes the race of two approvers deciding at once: only the first approve or reject reaches the flow.
            var now = _time.GetUtcNow();
            var use = new TableEntity(campaign.Id, "link-" + linkId) { ["Approver"] = link.Approver, ["Action"] = link.Action.ToString(), ["UsedAt"] = now };
            if (!await TryClaimAsync(use, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(campaign.Id, link.Approver, "link-reused", "the link was used already", linkId, cancellationToken).ConfigureAwait(false);
                return await DecidedAsync(409, campaign, "This link was already used: approve and reject links work once.", cancellationToken).ConfigureAwait(false);
            }

            claims.Add(use);
            var claim = new TableEntity(campaign.Id, DecisionRow) { ["Approver"] = link.Approver, ["Action"] = link.Action.ToString(), ["LinkId"] = linkId, ["At"] = now };
            if (!await TryClaimAsync(claim, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(campaign.Id, link.Approver, "link-used-too-late", "another approver decided first", linkId, cancellationToken).ConfigureAwait(false);
                return await DecidedAsync(409, campaign, "Another approver decided first; your link changes nothing.", cancellationToken).ConfigureAwait(false);
            }

            claims.Add(claim);
        }

        // Audited before the event is raised, so the trail reads click, then its effect.
        await _audit.AppendAsync(campaign.Id, new AuditEntry(_time.GetUtcNow(), People.Describe(link.Approver, approver.ObjectId), $"{link.Action.ToString().ToLowerInvariant()}-clicked",
            "confirmed on the link's page", linkId), cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await client.RaiseEventAsync(campaign.Id, ApprovalTaskNames.DecisionEvent, decision, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The decision never reached the flow: give the link (and the decision) back, so clicking again works.
            foreach (var claim in claims)
            {
                await _storage.ApprovalLinks.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, ETag.All, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        var follow = $"""<p><a class="button" id="follow" href="/campaigns/{Uri.EscapeDataString(campaign.Id)}">Follow the campaign</a></p>""";
        return link.Action switch
        {
            ApprovalAction.Approve => HtmlResponse.Page(200, "Approved", Notice(campaign.SendAfter is { } after && after > _time.GetUtcNow()
                ? $"Approved. The campaign will be sent after {after.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, exactly as the page showed it."
                : "Approved. The campaign is being sent, exactly as the page showed it.") + follow),
            ApprovalAction.Reject => HtmlResponse.Page(200, "Rejected", Notice(decision.Reason is null
                ? "Rejected. Nothing will be sent; the requester is told."
                : "Rejected. Nothing will be sent; the requester is told, with your reason.") + follow),
            _ => HtmlResponse.Page(202, $"Test push {testNumber}", Notice(
                    $"Test push {testNumber} asked for. This page shows what happened on each device as soon as the send ends.")
                + $"""<p><a class="button" id="see-result" href="?test={testNumber}">See the result</a></p>""",
                $"""<meta http-equiv="refresh" content="2;url=?test={testNumber}">"""),
        };
    }

    /// <summary>The result id of an approver's test number <paramref name="number"/> on a campaign.</summary>
    public static string TestId(string campaignId, string approver, int number) => $"{campaignId}.{TestSlotPrefix(approver)}{number:D3}";

    private static string Notice(string text) => $"""<p class="notice ok" id="result">{HtmlPage.Encode(text)}</p>""";

    private static string TestSlotPrefix(string approver) => $"test-{ApproverKeys.Of(approver)}-";

    private static string? ReasonProblem(string? reason) => reason switch
    {
        { Length: > ApprovalLimits.MaxReasonLength } => $"The reason is longer than {ApprovalLimits.MaxReasonLength} characters; shorten it and press Reject again.",
        not null when reason.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') => "The reason holds a control character; type it again without one.",
        _ => null,
    };

    private (TestPushChoice? Choice, string? Problem) ReadTestChoice(
        IReadOnlyDictionary<string, string> fields, Approver approver, CampaignReview? review, Campaign campaign)
    {
        var target = fields.GetValueOrDefault("target");
        string? testUser = null;
        if (target == Self || target is null)
        {
            if (approver.UserId is null)
            {
                return (null, "You have no app user configured for your own devices: choose a test user.");
            }
        }
        else if (_options.FindTestUser(target) is { } listed)
        {
            testUser = listed.UserId;
        }
        else
        {
            return (null, "That test user is not on the list of test users; choose one from the page.");
        }

        var forms = review?.Forms is { Count: > 0 } reviewed ? reviewed : CampaignReviewBuilder.FormsOf(campaign.Header());
        var chosen = fields.GetValueOrDefault("form") is { } value && value.Split('|') is [var arm, var locale]
            ? forms.FirstOrDefault(f => f.Arm.ToString(CultureInfo.InvariantCulture) == arm && (f.Locale ?? string.Empty) == locale)
            : forms[0];
        if (chosen is null)
        {
            return (null, "That form is not one of this campaign's; choose one from the page.");
        }

        int? sample = null;
        if (fields.GetValueOrDefault("sample") is { Length: > 0 } s)
        {
            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1 || k > (review?.Samples.Count ?? 0))
            {
                return (null, "That sample user is not one of this campaign's; choose one from the page.");
            }

            sample = k - 1;
        }

        return (new TestPushChoice { TestUserId = testUser, Arm = chosen.Arm, Locale = chosen.Locale, Sample = sample }, null);
    }

    /// <summary>The link's page: the decision box and the review; for a test link, the test form and this approver's results.</summary>
    private async Task<HtmlResponse> PageAsync(int status, ApprovalLink link, Campaign campaign, string? problem, int? shownTest, CancellationToken cancellationToken)
    {
        var approver = _options.Find(link.Approver)!;
        var review = await _reviews.GetAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
        var tests = new List<TestPushResult>();
        var used = 0;
        if (link.IsReusable)
        {
            used = await CountTestSlotsAsync(campaign.Id, link.Approver, cancellationToken).ConfigureAwait(false);
            for (var n = used; n >= 1; n--)
            {
                if (await _tests.GetAsync(TestId(campaign.Id, link.Approver, n), cancellationToken).ConfigureAwait(false) is { } result)
                {
                    tests.Add(result);
                }
            }

            if (shownTest is { } first && tests.FindIndex(t => t.Id == TestId(campaign.Id, link.Approver, first)) is > 0 and var at)
            {
                var moved = tests[at];
                tests.RemoveAt(at);
                tests.Insert(0, moved);
            }
        }

        // Asked for (its slot is taken) but not prepared yet: said so, and the page keeps reloading until it is.
        int? pending = shownTest is { } asked && asked <= used && tests.All(t => t.Id != TestId(campaign.Id, link.Approver, asked)) ? asked : null;

        var model = new ApprovalPageModel
        {
            Campaign = campaign,
            Review = review,
            Link = link,
            ApproverName = approver.Name is { Length: > 0 } name ? name : approver.Email,
            AppName = _appName,
            Timing = TimingText.Sentence(campaign, _quietHours),
            Targets = _options.TestTargets(approver),
            Tests = tests,
            TestsLeft = Math.Max(0, _options.MaxTestSendsPerApprover - used),
            MaxTests = _options.MaxTestSendsPerApprover,
            Problem = problem,
            PendingTest = pending,
        };
        var body = await _renderer.RenderAsync<ApprovalPage>(new Dictionary<string, object?> { [nameof(ApprovalPage.Model)] = model }).ConfigureAwait(false);
        var title = link.Action switch
        {
            ApprovalAction.Approve => $"Approve: {campaign.Title}",
            ApprovalAction.Reject => $"Reject: {campaign.Title}",
            _ => $"Test: {campaign.Title}",
        };
        // A test still sending: the page reloads itself until every device has its outcome.
        var refresh = pending is not null || tests.Any(t => !t.Final) ? """<meta http-equiv="refresh" content="2">""" : null;
        return HtmlResponse.Page(status, title, body, refresh);
    }

    /// <summary>The page of a campaign no longer waiting for this link: who decided what, when, and where it is now.</summary>
    private async Task<HtmlResponse> DecidedAsync(int status, Campaign campaign, string note, CancellationToken cancellationToken)
    {
        var claim = await _storage.ApprovalLinks.GetEntityIfExistsAsync<TableEntity>(campaign.Id, DecisionRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        var by = claim.HasValue ? claim.Value!.GetString("Approver") : campaign.DecidedBy;
        var action = claim.HasValue ? claim.Value!.GetString("Action") : null;
        var at = claim.HasValue ? claim.Value!.GetDateTimeOffset("At") ?? campaign.DecidedAt : campaign.DecidedAt;
        var body = await _renderer.RenderAsync<DecidedPage>(new Dictionary<string, object?>
        {
            [nameof(DecidedPage.Campaign)] = campaign,
            [nameof(DecidedPage.Note)] = note,
            [nameof(DecidedPage.DecidedBy)] = by,
            [nameof(DecidedPage.DecidedAction)] = action switch
            {
                nameof(ApprovalAction.Approve) => "Approved",
                nameof(ApprovalAction.Reject) => "Rejected",
                _ => campaign.Status == CampaignStatus.Rejected ? "Rejected" : "Approved",
            },
            [nameof(DecidedPage.DecidedAt)] = at,
        }).ConfigureAwait(false);
        return HtmlResponse.Page(status, $"Decided: {campaign.Title}", body);
    }

    private async Task<(ApprovalLink? Link, Campaign? Campaign, HtmlResponse? Refusal)> CheckAsync(
        string token, string verb, int decidedStatus, CancellationToken cancellationToken)
    {
        var (link, problem) = _signer.Verify(token);
        if (link is null)
        {
            // No trustworthy campaign to audit against: a forged link names whatever it likes.
            return (null, null, HtmlResponse.Notice(400, "This link does not work", problem!));
        }

        var linkId = link.Id;
        var campaign = CampaignIds.IsValid(link.CampaignId) ? await _campaigns.GetAsync(link.CampaignId, cancellationToken).ConfigureAwait(false) : null;
        if (campaign is null)
        {
            return (null, null, HtmlResponse.Notice(404, "Unknown campaign", "The campaign this link is for does not exist."));
        }

        if (problem is not null)
        {
            return (null, null, await RefuseAsync(campaign.Id, link.Approver, "link-expired", linkId, 410, "This link has expired", problem, cancellationToken).ConfigureAwait(false));
        }

        if (_options.Find(link.Approver) is not { } approver)
        {
            return (null, null, await RefuseAsync(campaign.Id, link.Approver, "link-refused", linkId, 403, "You are not an approver",
                $"{link.Approver} is not (or no longer) a designated approver.", cancellationToken).ConfigureAwait(false));
        }

        // Four eyes: whoever asked for a campaign cannot decide it, even when they are a designated approver, under
        // whichever alias: the configured object id is compared with the requester's.
        if (People.MaybeSame(approver.Email, approver.ObjectId, campaign.RequesterEmail, campaign.RequesterObjectId))
        {
            return (null, null, await RefuseAsync(campaign.Id, link.Approver, "link-refused-requester", linkId, 403, "You requested this campaign",
                "A campaign must be decided by an approver other than the person who requested it.", cancellationToken).ConfigureAwait(false));
        }

        // Decided (the campaign moved on, another approver's claim is in, or this very link was used): who decided what,
        // never a button, whatever the campaign's record says yet.
        var decided = campaign.Status != CampaignStatus.AwaitingApproval
            || (await _storage.ApprovalLinks.GetEntityIfExistsAsync<TableEntity>(campaign.Id, DecisionRow, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;
        if (decided)
        {
            await AuditAsync(campaign.Id, link.Approver, $"link-{verb}-too-late",
                $"the campaign is {campaign.Status.ToText().ToLowerInvariant()}; the link changes nothing", linkId, cancellationToken).ConfigureAwait(false);
            var note = link.IsReusable
                ? "This campaign has been decided, so test pushes have ended."
                : "This campaign has been decided; the link changes nothing.";
            return (null, null, await DecidedAsync(decidedStatus, campaign, note, cancellationToken).ConfigureAwait(false));
        }

        if (verb == "opened")
        {
            await AuditAsync(campaign.Id, link.Approver, $"{link.Action.ToString().ToLowerInvariant()}-link-opened", "page shown", linkId, cancellationToken).ConfigureAwait(false);
        }

        return (link, campaign, null);
    }

    /// <summary>The first free test slot of this approver on this campaign (insert-only, so racing clicks take one each).</summary>
    private Task<(TableEntity Claim, int Number)?> ClaimTestSlotAsync(string campaignId, ApprovalLink link, CancellationToken cancellationToken) =>
        _storage.ApprovalLinks.ClaimSlotAsync(campaignId, TestSlotPrefix(link.Approver), _options.MaxTestSendsPerApprover, slot =>
        {
            slot["Approver"] = link.Approver;
            slot["LinkId"] = link.Id;
            slot["UsedAt"] = _time.GetUtcNow();
        }, cancellationToken);

    private async Task<int> CountTestSlotsAsync(string campaignId, string approver, CancellationToken cancellationToken)
    {
        var prefix = TestSlotPrefix(approver);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "."}");
        var count = 0;
        await foreach (var _ in _storage.ApprovalLinks.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Whether the POST came from this app's own page. Pages are served with <c>Referrer-Policy: no-referrer</c>, and
    /// under that policy browsers send <c>Origin: null</c> on a form post, even to the same origin; they also send
    /// <c>Sec-Fetch-Site</c>, which no page script can set. So: the exact origin, or "null" with
    /// <c>Sec-Fetch-Site: same-origin</c>. Anything else, an absent header included, is refused (fails closed).
    /// </summary>
    private bool IsOwnOrigin(string? origin, string? fetchSite)
    {
        if (origin is "null")
        {
            return string.Equals(fetchSite, "same-origin", StringComparison.Ordinal);
        }

        return origin is { Length: > 0 } && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.GetLeftPart(UriPartial.Authority), _options.PublicBaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            && uri.AbsolutePath is "/" or ""
            && fetchSite is null or "same-origin";
    }

    private Task<bool> TryClaimAsync(TableEntity claim, CancellationToken cancellationToken) => _storage.ApprovalLinks.TryAddAsync(claim, cancellationToken);

    private async Task<HtmlResponse> RefuseAsync(
        string campaignId, string actor, string action, string linkId, int status, string title, string detail, CancellationToken cancellationToken)
    {
        await AuditAsync(campaignId, actor, action, detail, linkId, cancellationToken).ConfigureAwait(false);
        return HtmlResponse.Notice(status, title, detail);
    }

    private Task AuditAsync(string campaignId, string actor, string action, string detail, string linkId, CancellationToken cancellationToken) =>
        _audit.AppendAsync(campaignId, new AuditEntry(_time.GetUtcNow(), actor, action, detail, linkId), cancellationToken: cancellationToken);
}
