using System.Globalization;
using Microsoft.DurableTask.Client;
using Notifications.Core.Batches;
using Notifications.Core.Campaigns;
using Notifications.Core.Identity;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// The request form (<c>/campaigns/new</c>) and a campaign's page (<c>/campaigns/{id}</c>): server-rendered HTML
/// with a little JavaScript that posts the form as JSON to the API and shows its field errors in place.
/// </summary>
public sealed class CampaignPages
{
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;
    private readonly BatchService _batches;

    /// <summary>Creates the pages.</summary>
    public CampaignPages(CampaignStore campaigns, CampaignAuditLog audit, BatchService batches)
    {
        _campaigns = campaigns;
        _audit = audit;
        _batches = batches;
    }

    /// <summary>The request form, for the signed-in <paramref name="requester"/>.</summary>
    public static HtmlResponse Form(Caller requester) => HtmlResponse.Page(200, "Request a campaign",
        $"""<p class="notice" id="requester">Requesting as <b>{HtmlPage.Encode(requester.Name)}</b> &lt;{HtmlPage.Encode(requester.Email)}&gt;: the approvers see this name, and the outcome emails go to this address.</p>""" + FormBody);

    /// <summary>A campaign's status, its send's progress and its audit trail; refreshes itself until final.</summary>
    public async Task<HtmlResponse> StatusAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        var campaign = CampaignIds.IsValid(id) ? await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (campaign is null)
        {
            return HtmlResponse.Page(404, "Unknown campaign", "<p class=\"notice bad\">There is no campaign with that id.</p>");
        }

        var final = campaign.Status is CampaignStatus.Sent or CampaignStatus.Rejected or CampaignStatus.Expired or CampaignStatus.Failed;
        var send = string.Empty;
        if (campaign.BatchId is { } batchId && await _batches.GetStatusAsync(client, batchId, cancellationToken).ConfigureAwait(false) is { } batch)
        {
            var c = batch.Counts;
            send = string.Create(CultureInfo.InvariantCulture,
                $"<p id=\"send\">Send <code>{HtmlPage.Encode(batchId)}</code>: {HtmlPage.Encode(batch.Summary?.Outcome.ToString() ?? batch.Phase)}; delivered <b id=\"sent\">{c.Sent}</b>, invalid {c.Invalid}, failed {c.Failed + c.Rejected} of {batch.Devices} devices.</p>");
        }

        var audit = await _audit.ReadAsync(id, cancellationToken).ConfigureAwait(false);
        var rows = string.Concat(audit.Select(e =>
            $"<tr><td>{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{HtmlPage.Encode(e.Actor)}</td><td>{HtmlPage.Encode(e.Action)}</td><td>{HtmlPage.Encode(e.Detail)}</td><td><code>{HtmlPage.Encode(e.LinkId)}</code></td></tr>"));
        var body = $"""
            <p class="notice">Status: <b id="status">{campaign.Status}</b>{(campaign.Users is { } u ? string.Create(CultureInfo.InvariantCulture, $" &middot; {u:N0} users selected") : string.Empty)}</p>
            {send}
            <table><tr><th>Title</th><td>{HtmlPage.Encode(campaign.Title)}</td></tr>
            <tr><th>Requested by</th><td>{HtmlPage.Encode(campaign.RequesterName)}</td></tr>
            <tr><th>Decided by</th><td>{HtmlPage.Encode(campaign.DecidedBy)}</td></tr>
            <tr><th>Error</th><td>{HtmlPage.Encode(campaign.Error)}</td></tr></table>
            <h3>Audit trail</h3>
            <table id="audit"><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Detail</th><th>Link</th></tr>{rows}</table>
            """;
        return HtmlResponse.Page(200, campaign.Title, body, final ? null : "<meta http-equiv=\"refresh\" content=\"2\">");
    }

    private const string FormBody = """
        <form id="request" novalidate>
          <label for="title">Title <span class="error" data-for="title"></span></label>
          <input id="title" name="title" required maxlength="200" placeholder="Artist X joined: tell music fans">
          <label for="audienceQuery">Audience query (SQL returning a <code>user_id</code> column) <span class="error" data-for="audienceQuery"></span></label>
          <textarea id="audienceQuery" name="audienceQuery" required placeholder="SELECT user_id FROM follows WHERE account_id = 'acc-artist-42'"></textarea>
          <label for="message.title">Push title <span class="error" data-for="message.title"></span></label>
          <input id="message.title" name="message.title" maxlength="256">
          <label for="message.body">Push body <span class="error" data-for="message.body"></span></label>
          <textarea id="message.body" name="message.body" maxlength="2048"></textarea>
          <label for="message.imageUrl">Image URL (https) <span class="error" data-for="message.imageUrl"></span></label>
          <input id="message.imageUrl" name="message.imageUrl" type="url">
          <label for="message.deepLink">Deep link <span class="error" data-for="message.deepLink"></span></label>
          <input id="message.deepLink" name="message.deepLink">
          <label for="message.data">Data (one key=value per line) <span class="error" data-for="message.data"></span></label>
          <textarea id="message.data" name="message.data"></textarea>
          <label>Platforms <span class="error" data-for="platforms"></span></label>
          <span class="platforms"><label><input type="checkbox" class="inline" name="platforms" value="android" id="platform-android" checked> Android</label>
                <label><input type="checkbox" class="inline" name="platforms" value="ios" id="platform-ios" checked> iOS</label></span>
          <label for="sendAfter">Send after (optional, UTC) <span class="error" data-for="sendAfter"></span></label>
          <input id="sendAfter" name="sendAfter" type="datetime-local">
          <button type="submit" id="submit">Submit for approval</button>
        </form>
        <p id="outcome"></p>
        <script>
        const form = document.getElementById('request');
        // One key per request: a double click or a retried post returns the campaign the first one created.
        let idempotencyKey = crypto.randomUUID();
        const value = id => { const v = document.getElementById(id).value.trim(); return v === '' ? undefined : v; };
        form.addEventListener('submit', async e => {
          e.preventDefault();
          document.querySelectorAll('.error').forEach(s => s.textContent = '');
          const data = {};
          (value('message.data') || '').split('\n').filter(l => l.includes('=')).forEach(l => { const i = l.indexOf('='); data[l.slice(0, i).trim()] = l.slice(i + 1).trim(); });
          const after = value('sendAfter');
          const body = {
            title: value('title'), audienceQuery: value('audienceQuery'),
            message: { title: value('message.title'), body: value('message.body'), imageUrl: value('message.imageUrl'), deepLink: value('message.deepLink'),
                       data: Object.keys(data).length ? data : undefined },
            platforms: [...document.querySelectorAll('input[name=platforms]:checked')].map(c => c.value),
            sendAfter: after ? after + ':00Z' : undefined,
          };
          const response = await fetch('/api/campaigns', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }, body: JSON.stringify(body) });
          const result = await response.json();
          const outcome = document.getElementById('outcome');
          if (response.status === 202 || response.status === 200) {
            outcome.className = 'notice ok';
            outcome.innerHTML = 'Submitted as <a id="campaign-link" href="/campaigns/' + encodeURIComponent(result.id) + '">' + result.id + '</a>. The approvers have been asked; you will get an email.';
            form.reset();
            idempotencyKey = crypto.randomUUID();
          } else {
            outcome.className = 'notice bad';
            outcome.textContent = result.detail || 'The request was refused.';
            for (const [field, problems] of Object.entries(result.errors || {})) {
              const key = field.startsWith('message.data') ? 'message.data' : field;
              const slot = document.querySelector('[data-for="' + key + '"]') || outcome;
              slot.textContent = (slot === outcome ? field + ': ' : '') + problems.join('; ');
            }
          }
        });
        </script>
        """;
}
