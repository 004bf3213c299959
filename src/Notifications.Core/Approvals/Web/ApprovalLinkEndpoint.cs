using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Batches;
using Notifications.Core.Campaigns;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// <c>/approvals/{token}</c>. GET only shows a confirmation page (mail scanners prefetch links, so opening one must
/// never act); the page's button POSTs, and only the POST raises the decision. A tampered, expired, reused or
/// foreign link gets a clear page, changes nothing, and is written to the audit trail.
/// </summary>
public sealed class ApprovalLinkEndpoint
{
    /// <summary>
    /// Row key of a campaign's decision claim. The other claims of its partition are prefixed (<c>link-</c>,
    /// <c>test-</c>, and the mailer's <c>emailed-</c>), so they never collide with it.
    /// </summary>
    private const string DecisionRow = "decision";

    private readonly ApprovalLinkSigner _signer;
    private readonly ApprovalOptions _options;
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;
    private readonly StorageClients _storage;
    private readonly TimeProvider _time;

    /// <summary>Creates the endpoint; decisions and used links are claimed in the approval-links table, so a link acts once whichever host gets it.</summary>
    public ApprovalLinkEndpoint(
        ApprovalLinkSigner signer, IOptions<ApprovalOptions> options, CampaignStore campaigns, CampaignAuditLog audit, StorageClients storage, TimeProvider time)
    {
        _signer = signer;
        _options = options.Value;
        _campaigns = campaigns;
        _audit = audit;
        _storage = storage;
        _time = time;
    }

    /// <summary>GET: the confirmation page.</summary>
    public async Task<HtmlResponse> ShowAsync(string token, CancellationToken cancellationToken)
    {
        var (link, campaign, refusal) = await CheckAsync(token, "opened", cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var (fcm, apns) = ApprovalEmails.Payloads(campaign!);
        var (label, css) = link!.Action switch
        {
            ApprovalAction.Approve => ("Approve and send", "approve"),
            ApprovalAction.Reject => ("Reject", "reject"),
            _ => ("Send the test push to my devices", "test"),
        };
        var body = $"""
            <p class="notice">You are about to <b>{HtmlPage.Encode(link.Action.ToString().ToLowerInvariant())}</b> this campaign as {HtmlPage.Encode(link.Approver)}.</p>
            {Details(campaign!)}
            <form method="post"><button type="submit" class="{css}" id="confirm">{HtmlPage.Encode(label)}</button></form>
            <h3>FCM (Android) payload</h3><pre>{HtmlPage.Encode(fcm)}</pre>
            <h3>APNs (iOS) payload</h3><pre>{HtmlPage.Encode(apns)}</pre>
            """;
        return HtmlResponse.Page(200, $"{link.Action}: {campaign!.Title}", body);
    }

    /// <summary>
    /// POST: acts on the link, once for approve and reject, up to the test-send limit for tests. Only the confirmation
    /// page itself may post: <paramref name="origin"/> and <paramref name="fetchSite"/> are the request's
    /// <c>Origin</c> and <c>Sec-Fetch-Site</c> headers.
    /// </summary>
    public async Task<HtmlResponse> ActAsync(DurableTaskClient client, string token, string? origin, string? fetchSite, CancellationToken cancellationToken)
    {
        var (link, campaign, refusal) = await CheckAsync(token, "used", cancellationToken).ConfigureAwait(false);
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

        var claims = new List<TableEntity>();
        if (link.IsReusable)
        {
            var slot = await ClaimTestSlotAsync(campaign!.Id, link, cancellationToken).ConfigureAwait(false);
            if (slot is null)
            {
                return await RefuseAsync(campaign.Id, link.Approver, "test-limit-reached", linkId, 429, "No test sends left",
                    $"Each approver may send {_options.MaxTestSendsPerApprover} test pushes per campaign; you have used them all.", cancellationToken).ConfigureAwait(false);
            }

            claims.Add(slot);
        }
        else
        {
            // Two claims, each insert-only: this link's single use, then the campaign's single decision. The second
            // closes the race of two approvers deciding at once: only the first approve or reject reaches the flow.
            var use = new TableEntity(campaign!.Id, "link-" + linkId) { ["Approver"] = link.Approver, ["Action"] = link.Action.ToString(), ["UsedAt"] = _time.GetUtcNow() };
            if (!await TryClaimAsync(use, cancellationToken).ConfigureAwait(false))
            {
                return await RefuseAsync(campaign.Id, link.Approver, "link-reused", linkId, 409, "This link was already used",
                    "Approve and reject links work once. The decision it carried has been taken.", cancellationToken).ConfigureAwait(false);
            }

            claims.Add(use);
            var decision = new TableEntity(campaign.Id, DecisionRow) { ["Approver"] = link.Approver, ["Action"] = link.Action.ToString(), ["LinkId"] = linkId };
            if (!await TryClaimAsync(decision, cancellationToken).ConfigureAwait(false))
            {
                var first = (await _storage.ApprovalLinks.GetEntityAsync<TableEntity>(campaign.Id, DecisionRow, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                return await RefuseAsync(campaign.Id, link.Approver, "link-used-too-late", linkId, 409, "Already decided",
                    $"{first.GetString("Approver")} chose to {first.GetString("Action")?.ToLowerInvariant()} this campaign first; your link changes nothing.",
                    cancellationToken).ConfigureAwait(false);
            }

            claims.Add(decision);
        }

        // Audited before the event is raised, so the trail reads click, then its effect.
        await _audit.AppendAsync(campaign!.Id, new AuditEntry(_time.GetUtcNow(), link.Approver, $"{link.Action.ToString().ToLowerInvariant()}-clicked",
            "confirmed on the link's page", linkId), cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await client.RaiseEventAsync(campaign.Id, ApprovalTaskNames.DecisionEvent, new ApprovalDecision(link.Action, link.Approver, linkId), cancellationToken)
                .ConfigureAwait(false);
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

        var message = link.Action switch
        {
            ApprovalAction.Approve => campaign.SendAfter is { } after && after > _time.GetUtcNow()
                ? $"Approved. The campaign will be sent after {after:yyyy-MM-dd HH:mm} UTC."
                : "Approved. The campaign is being sent now.",
            ApprovalAction.Reject => "Rejected. Nothing will be sent; the requester is told.",
            _ => $"The test push is on its way to your registered devices. This link works for up to {_options.MaxTestSendsPerApprover} tests.",
        };
        var status = $"""<p><a href="/campaigns/{Uri.EscapeDataString(campaign.Id)}">Follow the campaign</a></p>""";
        return HtmlResponse.Page(200, "Thank you", $"""<p class="notice ok" id="result">{HtmlPage.Encode(message)}</p>{status}""");
    }

    private async Task<(ApprovalLink? Link, Campaign? Campaign, HtmlResponse? Refusal)> CheckAsync(string token, string verb, CancellationToken cancellationToken)
    {
        var (link, problem) = _signer.Verify(token);
        if (link is null)
        {
            // No trustworthy campaign to audit against: a forged link names whatever it likes.
            return (null, null, Page(400, "This link does not work", problem!));
        }

        var linkId = link.Id;
        var campaign = CampaignIds.IsValid(link.CampaignId) ? await _campaigns.GetAsync(link.CampaignId, cancellationToken).ConfigureAwait(false) : null;
        if (campaign is null)
        {
            return (null, null, Page(404, "Unknown campaign", "The campaign this link is for does not exist."));
        }

        if (problem is not null)
        {
            return (null, null, await RefuseAsync(campaign.Id, link.Approver, "link-expired", linkId, 410, "This link has expired", problem, cancellationToken).ConfigureAwait(false));
        }

        if (_options.Find(link.Approver) is null)
        {
            return (null, null, await RefuseAsync(campaign.Id, link.Approver, "link-refused", linkId, 403, "You are not an approver",
                $"{link.Approver} is not (or no longer) a designated approver.", cancellationToken).ConfigureAwait(false));
        }

        // Four eyes: whoever asked for a campaign cannot decide it, even when they are a designated approver.
        if (string.Equals(link.Approver, campaign.RequesterEmail, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, await RefuseAsync(campaign.Id, link.Approver, "link-refused-requester", linkId, 403, "You requested this campaign",
                "A campaign must be decided by an approver other than the person who requested it.", cancellationToken).ConfigureAwait(false));
        }

        if (campaign.Status != CampaignStatus.AwaitingApproval)
        {
            var decided = campaign.DecidedBy is null ? string.Empty : $" by {campaign.DecidedBy}";
            return (null, null, await RefuseAsync(campaign.Id, link.Approver, $"link-{verb}-too-late", linkId, 409, "Already decided",
                $"This campaign is {campaign.Status.ToString().ToLowerInvariant()}{decided}; the link changes nothing.", cancellationToken).ConfigureAwait(false));
        }

        if (verb == "opened")
        {
            await _audit.AppendAsync(campaign.Id, new AuditEntry(_time.GetUtcNow(), link.Approver, $"{link.Action.ToString().ToLowerInvariant()}-link-opened",
                "confirmation page shown", linkId), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return (link, campaign, null);
    }

    /// <summary>The first free test slot of this approver on this campaign (insert-only, so racing clicks take one each).</summary>
    private async Task<TableEntity?> ClaimTestSlotAsync(string campaignId, ApprovalLink link, CancellationToken cancellationToken)
    {
        var approver = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(link.Approver.ToLowerInvariant())).AsSpan(0, 8));
        for (var n = 1; n <= _options.MaxTestSendsPerApprover; n++)
        {
            var slot = new TableEntity(campaignId, $"test-{approver}-{n:D3}") { ["Approver"] = link.Approver, ["LinkId"] = link.Id, ["UsedAt"] = _time.GetUtcNow() };
            if (await TryClaimAsync(slot, cancellationToken).ConfigureAwait(false))
            {
                return slot;
            }
        }

        return null;
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

    private async Task<bool> TryClaimAsync(TableEntity claim, CancellationToken cancellationToken)
    {
        try
        {
            await _storage.ApprovalLinks.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task<HtmlResponse> RefuseAsync(
        string campaignId, string actor, string action, string linkId, int status, string title, string detail, CancellationToken cancellationToken)
    {
        await _audit.AppendAsync(campaignId, new AuditEntry(_time.GetUtcNow(), actor, action, detail, linkId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return Page(status, title, detail);
    }

    private static HtmlResponse Page(int status, string title, string detail) => HtmlResponse.Notice(status, title, detail);

    private static string Details(Campaign campaign) => $"""
        <table>
          <tr><th>Campaign</th><td>{HtmlPage.Encode(campaign.Title)} <code>{HtmlPage.Encode(campaign.Id)}</code></td></tr>
          <tr><th>Requested by</th><td>{HtmlPage.Encode(campaign.RequesterName)} &lt;{HtmlPage.Encode(campaign.RequesterEmail)}&gt;</td></tr>
          <tr><th>Users selected</th><td><b id="users">{campaign.Users?.ToString("N0", CultureInfo.InvariantCulture)}</b></td></tr>
          <tr><th>Platforms</th><td>{HtmlPage.Encode(string.Join(", ", campaign.Platforms))}</td></tr>
        </table>
        <h3>Audience query</h3><pre>{HtmlPage.Encode(campaign.AudienceQuery)}</pre>
        """;
}
