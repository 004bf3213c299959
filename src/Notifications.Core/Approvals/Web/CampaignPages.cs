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
    private readonly Audience.IAudienceSource _audience;
    private readonly Delivery.MessageOptions _messages;
    private readonly Approvals.ApprovalOptions _approvals;
    private readonly BatchPages _batchPages;
    private readonly Timing.QuietHoursOptions _quietHours;
    private readonly Experiments.Readout.ExperimentReadoutService _readouts;
    private readonly Review.CampaignReviewStore _reviews;
    private readonly ComponentRenderer _renderer;
    private Tuple<DateTimeOffset, IReadOnlyList<Audience.AudienceColumn>>? _catalogue;

    /// <summary>Creates the pages; one instance serves every request and keeps the engine's column catalogue for the form for five minutes.</summary>
    public CampaignPages(
        CampaignStore campaigns, CampaignAuditLog audit, BatchService batches, TimeProvider time, Api.CohortApi cohorts, Audience.IAudienceSource audience,
        Microsoft.Extensions.Options.IOptions<Delivery.MessageOptions> messages, Microsoft.Extensions.Options.IOptions<Approvals.ApprovalOptions> approvals,
        BatchPages batchPages, Microsoft.Extensions.Options.IOptions<Timing.QuietHoursOptions> quietHours, Experiments.Readout.ExperimentReadoutService readouts,
        Review.CampaignReviewStore reviews, ComponentRenderer renderer)
    {
        _reviews = reviews;
        _renderer = renderer;
        _readouts = readouts;
        _quietHours = quietHours.Value;
        _batchPages = batchPages;
        _audience = audience;
        _messages = messages.Value;
        _approvals = approvals.Value;
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
        var status = ListFilters.Select("Status", "status", "status-filter", "", "any", Enum.GetValues<CampaignStatus>(), shown.Status, s => s.ToString(), s => s.ToText());
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
        var done = c.Finished;
        return batch.Devices > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{done:N0} of {batch.Devices:N0} devices ({100.0 * done / batch.Devices:F0}%), {c.Sent:N0} delivered")
            : "planning";
    }

    private static string Table(string id, IReadOnlyList<CampaignListItem> campaigns, string empty) => campaigns.Count == 0
        ? $"""<p class="muted" id="{id}-none">{HtmlPage.Encode(empty)}</p>"""
        : $"""<table id="{id}"><tr><th>Campaign</th><th>Status</th><th>Submitted (UTC)</th><th>Requested by</th><th>Users</th></tr>{string.Concat(campaigns.Select(Row))}</table>""";

    private static string Row(CampaignListItem c) => string.Create(CultureInfo.InvariantCulture,
        $"""<tr><td><a href="/campaigns/{Uri.EscapeDataString(c.Id)}">{HtmlPage.Encode(c.Title)}</a></td><td><span class="status {c.Status.ToString().ToLowerInvariant()}">{HtmlPage.Encode(c.Status.ToText())}</span></td><td>{c.SubmittedAt:yyyy-MM-dd HH:mm}</td><td>{HtmlPage.Encode(c.RequesterName)}</td><td>{(c.Users is { } u ? u.ToString("N0", CultureInfo.InvariantCulture) : "")}</td></tr>""");

    private static string Link(CampaignListQuery query, string before) => string.Join("&amp;", new[]
    {
        query.Status is { } s ? "status=" + s : null,
        string.Create(CultureInfo.InvariantCulture, $"from={query.From:yyyy-MM-dd}"),
        string.Create(CultureInfo.InvariantCulture, $"to={query.To:yyyy-MM-dd}"),
        string.Create(CultureInfo.InvariantCulture, $"limit={query.Limit}"),
        "before=" + Uri.EscapeDataString(before),
    }.Where(p => p is not null));

    /// <summary>
    /// The request form, for the signed-in <paramref name="requester"/>; with <paramref name="cloneOf"/> (a campaign
    /// id, "clone into a new request") filled with that campaign's query, push and platforms.
    /// </summary>
    public async Task<HtmlResponse> FormAsync(Caller requester, Api.HostReadiness readiness, string? cloneOf, CancellationToken cancellationToken)
    {
        var source = cloneOf is { Length: > 0 } && CampaignIds.IsValid(cloneOf)
            ? await _campaigns.GetAsync(cloneOf, cancellationToken).ConfigureAwait(false)
            : null;
        var notices = (readiness.NotReadyBecause is { } starting
                ? $"""<p class="notice bad" id="starting">The host is still starting ({HtmlPage.Encode(starting)}): a request submitted now is refused; reload in a few seconds.</p>"""
                : string.Empty)
            + (cloneOf is { Length: > 0 } && source is null
                ? """<p class="notice bad" id="clone-missing">There is no campaign to copy with that id; the form starts empty.</p>"""
                : string.Empty)
            + (source is not null
                ? $"""<p class="notice" id="cloned">A copy of <a href="/campaigns/{Uri.EscapeDataString(source.Id)}">{HtmlPage.Encode(source.Title)}</a>: change what you need and submit it as a new request.</p>"""
                : string.Empty);
        var body = notices +
            $"""<p class="notice" id="requester">Requesting as <b>{HtmlPage.Encode(requester.Name)}</b> &lt;{HtmlPage.Encode(requester.Email)}&gt;: the approvers see this name, and the outcome emails go to this address.</p>"""
            + CampaignForm.Render(source, _messages.AppName, await CatalogueAsync(cancellationToken).ConfigureAwait(false), _quietHours, _approvals.TestTargets(_approvals.Find(requester)));
        return HtmlResponse.Page(200, source is null ? "Request a campaign" : "Request a campaign (copy)", body);
    }

    /// <summary>
    /// The tables and columns the audience engine offers, cached for a few minutes (the form is opened far more often
    /// than the data set changes); empty when the engine cannot say, and the form still works.
    /// </summary>
    private async Task<IReadOnlyList<Audience.AudienceColumn>> CatalogueAsync(CancellationToken cancellationToken)
    {
        var cached = _catalogue;
        if (cached is not null && _time.GetUtcNow() - cached.Item1 < TimeSpan.FromMinutes(5))
        {
            return cached.Item2;
        }

        try
        {
            var columns = await _audience.DescribeAsync(cancellationToken).ConfigureAwait(false);
            // One reference, swapped whole: concurrent requests see the old list or the new one, never half of each.
            _catalogue = Tuple.Create(_time.GetUtcNow(), columns);
            return columns;
        }
        catch (Audience.AudienceQueryException)
        {
            return [];
        }
    }

    /// <summary>
    /// What the apps reported once the campaign is over (opens and conversions, from <c>POST /api/events</c> through the
    /// analytics engine): asked only for a final campaign, since the page refreshes itself while it sends.
    /// </summary>
    private async Task<string> OutcomesAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await _readouts.ForCampaignAsync(campaign.Id, DateOnly.FromDateTime(campaign.SubmittedAt.UtcDateTime), cancellationToken).ConfigureAwait(false);
            var users = campaign.Users ?? 0;
            string Share(long count) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? "user" : "users")}")
                + (users > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * count / users:0.0}% of {users:N0} selected)") : string.Empty);
            return string.Create(CultureInfo.InvariantCulture, $"""
                <h3>Did it work?</h3>
                <table class="facts" id="outcomes"><tr><th>Opened</th><td id="opened">{Share(outcomes.Opened)}</td></tr>
                <tr><th>Converted</th><td id="converted">{Share(outcomes.Converted)}</td></tr></table>
                <p class="muted">As the apps report them (POST /api/events), once per user; no arms and no control group, so this is what happened, not what the push caused.</p>
                """);
        }
        catch (Audience.AudienceQueryException ex)
        {
            return $"""<p class="notice bad" id="outcomes">Opens and conversions are not available right now: {HtmlPage.Encode(ex.Message)}</p>""";
        }
    }

    /// <summary>
    /// A campaign's page: its status in words, the push as phones will show it, its send's live progress per platform
    /// and per arm (linked to the send's own page), cancel for the requester and approvers while it can still be
    /// stopped, "clone into a new request", and its audit trail. Refreshes itself until final.
    /// </summary>
    public async Task<HtmlResponse> StatusAsync(DurableTaskClient client, Caller viewer, string id, CancellationToken cancellationToken)
    {
        var campaign = CampaignIds.IsValid(id) ? await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (campaign is null)
        {
            return HtmlResponse.Page(404, "Unknown campaign", "<p class=\"notice bad\">There is no campaign with that id.</p>");
        }

        var final = campaign.Status.IsFinal();
        var send = string.Empty;
        if (campaign.BatchId is { } batchId && await _batches.GetStatusAsync(client, batchId, cancellationToken).ConfigureAwait(false) is { } batch)
        {
            send = SendPanel.Render(batch) + $"""<p><a id="send-link" href="/batches/{Uri.EscapeDataString(batchId)}">The send's own page</a></p>"""
                + (final ? await OutcomesAsync(campaign, cancellationToken).ConfigureAwait(false) : string.Empty);
        }

        var audit = await _audit.ReadAsync(id, cancellationToken).ConfigureAwait(false);
        var rows = string.Concat(audit.Select(e =>
            $"<tr><td class=\"when\">{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{HtmlPage.Encode(e.Actor)}</td><td>{HtmlPage.Encode(e.Action)}</td><td>{HtmlPage.Encode(e.Detail)}</td><td>{ShortId(e.LinkId)}</td></tr>"));
        // Rows only for what is known: an empty "Decided by" or "Error" row reads as a problem.
        var decided = campaign.DecidedBy is { Length: > 0 } by ? $"<tr><th>Decided by</th><td>{HtmlPage.Encode(by)}</td></tr>" : string.Empty;
        var error = campaign.Error is { Length: > 0 } e ? $"<tr><th>Error</th><td class=\"bad\">{HtmlPage.Encode(e)}</td></tr>" : string.Empty;
        var selected = campaign.Users is { } u
            ? string.Create(CultureInfo.InvariantCulture, $" &middot; {u:N0} users selected") +
              (campaign.Devices is { } d ? string.Create(CultureInfo.InvariantCulture, $", {(campaign.DevicesEstimated ? "about " : "")}{d:N0} devices") : string.Empty)
            : string.Empty;
        var mayCancel = !final && (Identity.People.Same(viewer.Email, viewer.ObjectId, campaign.RequesterEmail, campaign.RequesterObjectId) || _approvals.Find(viewer) is not null);
        var reason = campaign.DecisionReason is { Length: > 0 } why ? $"<tr><th>Reason given</th><td id=\"decision-reason\">{HtmlPage.Encode(why)}</td></tr>" : string.Empty;
        // The same review the approvers read: every form with its reach, the placeholder values, sample users in full.
        var review = await _reviews.GetAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
        var reviewed = await _renderer.RenderAsync<Components.CampaignReviewView>(new Dictionary<string, object?>
        {
            [nameof(Components.CampaignReviewView.Campaign)] = campaign,
            [nameof(Components.CampaignReviewView.Review)] = review,
            [nameof(Components.CampaignReviewView.Timing)] = TimingText.Sentence(campaign, _quietHours),
            [nameof(Components.CampaignReviewView.AppName)] = _messages.AppName,
        }).ConfigureAwait(false);
        var cancel = mayCancel
            ? """<button type="button" class="reject" id="cancel">Cancel this campaign</button> """
            : string.Empty;
        var body = $"""
            <p class="actions"><a href="/">Home</a> &middot; <a href="/campaigns">All campaigns</a></p>
            <p class="notice">Status: <b id="status" data-status="{campaign.Status}">{HtmlPage.Encode(campaign.Status.ToText())}</b>{selected}</p>
            {send}
            <p class="actions">{cancel}<a class="button" id="clone" href="/campaigns/new?from={Uri.EscapeDataString(campaign.Id)}">Clone into a new request</a></p>
            <p id="cancel-outcome"></p>
            <table class="facts"><tr><th>Submitted</th><td>{campaign.SubmittedAt:yyyy-MM-dd HH:mm} UTC</td></tr>
            {decided}{reason}{error}</table>
            {reviewed}
            <h3>Audit trail</h3>
            <table id="audit"><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Detail</th><th>Link</th></tr>{rows}</table>
            {(final ? string.Empty : RefreshScript)}
            {(mayCancel ? CancelScript(campaign.Id) : string.Empty)}
            """;
        return HtmlResponse.Page(200, campaign.Title, body);
    }

    // Reloaded by a timer the cancel button can stop (a meta refresh cannot be stopped): a reload in the middle of the
    // prompt or the cancel's post would drop the person's click.
    private const string RefreshScript = """
        <script>
        window.refreshTimer = setTimeout(() => location.reload(), 3000);
        </script>
        """;

    // A JSON post (never a plain form): a cross-site page cannot send one without a CORS preflight this app refuses.
    private static string CancelScript(string campaignId) => $$"""
        <script>
        document.getElementById('cancel').addEventListener('click', async () => {
          clearTimeout(window.refreshTimer);
          const reason = prompt('Cancel this campaign? Chunks not yet pushed will not be sent. Reason (optional, for the audit trail):');
          const resume = () => { window.refreshTimer = setTimeout(() => location.reload(), 3000); };
          if (reason === null) { resume(); return; }
          const out = document.getElementById('cancel-outcome');
          const response = await fetch('/api/campaigns/{{Uri.EscapeDataString(campaignId)}}/cancel', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason }) });
          const result = await response.json();
          out.className = response.ok ? 'notice ok' : 'notice bad';
          out.textContent = response.ok ? 'Cancel requested; this page shows when it has taken effect.' : (result.detail || 'The cancel was refused.');
          if (response.ok) { setTimeout(() => location.reload(), 1500); } else { resume(); }
        });
        </script>
        """;
}
