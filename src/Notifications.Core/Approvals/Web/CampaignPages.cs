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
    private readonly TimeProvider _time;
    private readonly Api.CohortApi _cohorts;
    private readonly BatchPages _batchPages;

    /// <summary>Creates the pages.</summary>
    public CampaignPages(CampaignStore campaigns, CampaignAuditLog audit, BatchService batches, TimeProvider time, Api.CohortApi cohorts, BatchPages batchPages)
    {
        _batchPages = batchPages;
        _cohorts = cohorts;
        _campaigns = campaigns;
        _audit = audit;
        _batches = batches;
        _time = time;
    }

    /// <summary>
    /// The home page (<c>/</c>): what is sending now with its live counts, what waits for an approver, the campaigns,
    /// manual sends and cohort runs of the last 30 days, each linking to its page; refreshes itself while something sends.
    /// </summary>
    public async Task<HtmlResponse> HomeAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var month = Api.DateRange.Default(Today());
        var (recent, byStatus) = await _campaigns.NewestAsync(
            month.From, month.To, limit: 20, [CampaignStatus.Sending, CampaignStatus.AwaitingApproval], cancellationToken).ConfigureAwait(false);

        var live = new List<string>();
        foreach (var campaign in byStatus[CampaignStatus.Sending])
        {
            var progress = campaign.BatchId is { } batchId && await _batches.GetStatusAsync(client, batchId, cancellationToken).ConfigureAwait(false) is { } batch
                ? Progress(batch)
                : "starting";
            live.Add($"""<tr><td><a href="/campaigns/{Uri.EscapeDataString(campaign.Id)}">{HtmlPage.Encode(campaign.Title)}</a></td><td>{HtmlPage.Encode(progress)}</td></tr>""");
        }

        var sendingNow = live.Count == 0
            ? """<p class="muted" id="sending-none">Nothing is sending.</p>"""
            : $"""<table id="sending"><tr><th>Campaign</th><th>Progress</th></tr>{string.Concat(live)}</table>""";
        var body = $"""
            <p class="actions"><a class="button" href="/campaigns/new" id="new-campaign">Request a campaign</a> <a href="/campaigns" id="all-campaigns">All campaigns</a></p>
            <h2>Sending now</h2>
            {sendingNow}
            <h2>Awaiting approval</h2>
            {Table("waiting", byStatus[CampaignStatus.AwaitingApproval], "Nothing waits for an approver.")}
            <h2>Recent campaigns</h2>
            {Table("recent", recent, "No campaign in the last 30 days.")}
            {await _batchPages.HomeSectionsAsync(cancellationToken).ConfigureAwait(false)}
            <h2>Cohort campaigns</h2>
            <table id="cohorts"><tr><th>Cohort</th><th>Runs</th></tr>{Cohorts()}</table>
            """;
        return HtmlResponse.Page(200, "Campaigns", body, live.Count > 0 ? """<meta http-equiv="refresh" content="5">""" : null);
    }

    /// <summary>
    /// The campaign list (<c>/campaigns</c>): filters by status and dates (the same parameters as
    /// <c>GET /api/campaigns</c>), newest first, with a link to the older page.
    /// </summary>
    public async Task<HtmlResponse> ListAsync(Func<string, string?> parameters, CancellationToken cancellationToken)
    {
        var today = Today();
        var (query, errors) = CampaignListQuery.Parse(parameters, today);
        var month = Api.DateRange.Default(today);
        var shown = query ?? new CampaignListQuery { From = month.From, To = month.To };
        var status = ListFilters.Select("Status", "status", "status-filter", "", "any", Enum.GetValues<CampaignStatus>(), shown.Status, s => s.ToString(), StatusText);
        var filters = ListFilters.Form("/campaigns", status, shown.From, shown.To);
        if (query is null)
        {
            return ListFilters.Refused("Campaigns", filters, errors);
        }

        var page = await _campaigns.ListAsync(query, cancellationToken).ConfigureAwait(false);
        var older = page.Older is { } cursor
            ? $"""<p><a id="older" href="/campaigns?{Link(query, cursor)}">Older campaigns</a></p>"""
            : string.Empty;
        return HtmlResponse.Page(200, "Campaigns", filters + Table("campaigns", page.Campaigns, "No campaign matches.") + older);
    }

    /// <summary>A status in words, as the pages show it.</summary>
    public static string StatusText(CampaignStatus status) => status switch
    {
        CampaignStatus.Submitted => "Submitted",
        CampaignStatus.AwaitingApproval => "Awaiting approval",
        CampaignStatus.Scheduled => "Approved, scheduled",
        CampaignStatus.Sending => "Sending",
        CampaignStatus.Sent => "Sent",
        CampaignStatus.Rejected => "Rejected",
        CampaignStatus.Expired => "Expired unanswered",
        CampaignStatus.Failed => "Failed",
        _ => status.ToString(),
    };

    // A link id is 32 hex digits: its first 8 tell the links on one page apart, the whole one is in the tooltip.
    private static string ShortId(string? id) => id is { Length: > 8 }
        ? $"<code title=\"{HtmlPage.Encode(id)}\">{HtmlPage.Encode(id[..8])}</code>"
        : $"<code>{HtmlPage.Encode(id)}</code>";

    private string Cohorts() => string.Concat(Notifications.Core.Cohorts.CohortCatalog.All.Select(c =>
        $"""<tr><td><a href="/cohorts/{Uri.EscapeDataString(c.Id)}">{HtmlPage.Encode(c.Description)}</a></td><td>{HtmlPage.Encode(Notifications.Core.Cohorts.CohortPages.ScheduleInWords(_cohorts.Options.ScheduleOf(c)))} (UTC){(_cohorts.IsPaused(c.Id) ? ", paused" : "")}</td></tr>"""));

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    private static string Progress(BatchStatus batch)
    {
        var c = batch.Counts;
        var done = c.Sent + c.Invalid + c.Rejected + c.Failed;
        return batch.Devices > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{done:N0} of {batch.Devices:N0} devices ({100.0 * done / batch.Devices:F0}%), {c.Sent:N0} delivered")
            : "planning";
    }

    private static string Table(string id, IReadOnlyList<CampaignListItem> campaigns, string empty) => campaigns.Count == 0
        ? $"""<p class="muted" id="{id}-none">{HtmlPage.Encode(empty)}</p>"""
        : $"""<table id="{id}"><tr><th>Campaign</th><th>Status</th><th>Submitted (UTC)</th><th>Requested by</th><th>Users</th></tr>{string.Concat(campaigns.Select(Row))}</table>""";

    private static string Row(CampaignListItem c) => string.Create(CultureInfo.InvariantCulture,
        $"""<tr><td><a href="/campaigns/{Uri.EscapeDataString(c.Id)}">{HtmlPage.Encode(c.Title)}</a></td><td><span class="status {c.Status.ToString().ToLowerInvariant()}">{HtmlPage.Encode(StatusText(c.Status))}</span></td><td>{c.SubmittedAt:yyyy-MM-dd HH:mm}</td><td>{HtmlPage.Encode(c.RequesterName)}</td><td>{(c.Users is { } u ? u.ToString("N0", CultureInfo.InvariantCulture) : "")}</td></tr>""");

    private static string Link(CampaignListQuery query, string before) => string.Join("&amp;", new[]
    {
        query.Status is { } s ? "status=" + s : null,
        string.Create(CultureInfo.InvariantCulture, $"from={query.From:yyyy-MM-dd}"),
        string.Create(CultureInfo.InvariantCulture, $"to={query.To:yyyy-MM-dd}"),
        string.Create(CultureInfo.InvariantCulture, $"limit={query.Limit}"),
        "before=" + Uri.EscapeDataString(before),
    }.Where(p => p is not null));

    /// <summary>The request form, for the signed-in <paramref name="requester"/>.</summary>
    public static HtmlResponse Form(Caller requester, Api.HostReadiness readiness) => HtmlResponse.Page(200, "Request a campaign",
        (readiness.NotReadyBecause is { } starting
            ? $"""<p class="notice bad" id="starting">The host is still starting ({HtmlPage.Encode(starting)}): a request submitted now is refused; reload in a few seconds.</p>"""
            : string.Empty) +
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
                $"<p id=\"send\">The send: {HtmlPage.Encode(batch.Summary?.Outcome.ToString().ToLowerInvariant() ?? batch.Phase)}; delivered <b id=\"sent\">{c.Sent}</b>, invalid tokens {c.Invalid}, failed {c.Failed + c.Rejected}, of {batch.Devices} devices.</p>");
        }

        var audit = await _audit.ReadAsync(id, cancellationToken).ConfigureAwait(false);
        var rows = string.Concat(audit.Select(e =>
            $"<tr><td class=\"when\">{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{HtmlPage.Encode(e.Actor)}</td><td>{HtmlPage.Encode(e.Action)}</td><td>{HtmlPage.Encode(e.Detail)}</td><td>{ShortId(e.LinkId)}</td></tr>"));
        // Rows only for what is known: an empty "Decided by" or "Error" row reads as a problem.
        var decided = campaign.DecidedBy is { Length: > 0 } by ? $"<tr><th>Decided by</th><td>{HtmlPage.Encode(by)}</td></tr>" : string.Empty;
        var error = campaign.Error is { Length: > 0 } e ? $"<tr><th>Error</th><td class=\"bad\">{HtmlPage.Encode(e)}</td></tr>" : string.Empty;
        var body = $"""
            <p class="actions"><a href="/">Home</a> &middot; <a href="/campaigns">All campaigns</a></p>
            <p class="notice">Status: <b id="status" data-status="{campaign.Status}">{HtmlPage.Encode(StatusText(campaign.Status))}</b>{(campaign.Users is { } u ? string.Create(CultureInfo.InvariantCulture, $" &middot; {u:N0} users selected") : string.Empty)}</p>
            {send}
            <table class="facts"><tr><th>Title</th><td>{HtmlPage.Encode(campaign.Title)}</td></tr>
            <tr><th>Requested by</th><td>{HtmlPage.Encode(campaign.RequesterName)}</td></tr>
            <tr><th>Submitted</th><td>{campaign.SubmittedAt:yyyy-MM-dd HH:mm} UTC</td></tr>
            {decided}{error}</table>
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
            // What happens next, in order; the link's text is the id (tests and people copy it), its page is where to follow it.
            outcome.innerHTML = 'Submitted. Next the audience query runs, then the approvers get an email with the number of users and the push; '
              + 'you get a copy, and another email when they decide. Follow it on its page: <a id="campaign-link" href="/campaigns/' + encodeURIComponent(result.id) + '"></a>.';
            document.getElementById('campaign-link').textContent = result.id;
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
