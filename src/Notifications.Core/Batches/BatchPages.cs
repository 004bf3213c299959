using System.Globalization;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Cohorts;

namespace Notifications.Core.Batches;

/// <summary>
/// The send list (<c>/batches</c>) and the home page's recent sends: server-rendered like the campaign pages, from the
/// <see cref="BatchStartIndex"/> alone (one query a table), each send linking to its page at <c>/batches/{id}</c>.
/// </summary>
public sealed class BatchPages
{
    /// <summary>Sends in each of the home page's tables.</summary>
    internal const int RecentOnHome = 10;

    private readonly BatchStartIndex _index;
    private readonly TimeProvider _time;

    /// <summary>Creates the pages; every list is read from <paramref name="index"/> alone, and <paramref name="time"/> fixes today for the default dates.</summary>
    public BatchPages(BatchStartIndex index, TimeProvider time)
    {
        _index = index;
        _time = time;
    }

    /// <summary>
    /// The send list (<c>/batches</c>): filters by status, kind and dates (the same parameters as <c>GET /api/batches</c>),
    /// newest first, with a link to the older page.
    /// </summary>
    public async Task<HtmlResponse> ListAsync(Func<string, string?> parameters, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var (query, errors) = BatchListQuery.Parse(parameters, today);
        var month = DateRange.Default(today);
        var shown = query ?? new BatchListQuery { From = month.From, To = month.To };
        var statuses = ListFilters.Select("Status", "status", "status-filter", "", "any", Enum.GetValues<BatchListStatus>(), shown.Status, s => s.ToString(), s => StatusText(s));
        var kinds = ListFilters.Select("Kind", "kind", "kind-filter", "all", "all", Enum.GetValues<BatchKind>(), shown.Kind, k => k.ToString().ToLowerInvariant(), KindText);
        var form = """<p class="actions"><a href="/">Home</a></p>""" + ListFilters.Form("/batches", statuses + kinds, shown.From, shown.To);
        if (query is null)
        {
            return ListFilters.Refused("Batches", form, errors);
        }

        var page = await _index.ListAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        var older = page.Older is { } cursor ? $"""<p><a id="older" href="/batches?{OlderQuery(query, cursor)}">Older sends</a></p>""" : string.Empty;
        return HtmlResponse.Page(200, "Batches", form + Table("batches", page.Batches, "No send matches.") + older);
    }

    /// <summary>
    /// The home page's sections below its campaigns: the newest manual sends and the newest cohort runs of the last 30
    /// days, each linking to its page, and the way to the whole list.
    /// </summary>
    public async Task<string> HomeSectionsAsync(CancellationToken cancellationToken)
    {
        var month = DateRange.Default(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        var uploads = new BatchListQuery { Kind = BatchKind.Manual, From = month.From, To = month.To, Limit = RecentOnHome };
        var manual = await _index.ListAsync(uploads, cancellationToken: cancellationToken).ConfigureAwait(false);
        var cohorts = await _index.ListAsync(uploads with { Kind = BatchKind.System }, BatchSource.Cohort, cancellationToken).ConfigureAwait(false);
        var runs = cohorts.Batches.Count == 0
            ? """<p class="muted" id="cohort-runs-none">No cohort run in the last 30 days.</p>"""
            : $"""<table id="cohort-runs"><tr><th>Cohort</th><th>Run</th><th>Status</th><th>Started (UTC)</th><th>Devices</th><th>Sent</th></tr>{string.Concat(cohorts.Batches.Select(CohortRow))}</table>""";
        return $"""
            <h2>Recent batches</h2>
            {Table("recent-batches", manual.Batches, "No batch file was sent in the last 30 days.")}
            <p><a href="/batches" id="all-batches">All batches</a></p>
            <h2>Recent cohort runs</h2>
            {runs}
            """;
    }

    /// <summary>A send's status in words, as the pages show it.</summary>
    public static string StatusText(BatchListStatus status, bool cancelRequested = false) => status switch
    {
        BatchListStatus.Running => cancelRequested ? "Cancelling" : "Sending",
        BatchListStatus.Completed => "Sent",
        BatchListStatus.CompletedWithFailures => "Sent, some pushes failed",
        BatchListStatus.Failed => "Failed",
        BatchListStatus.Cancelled => "Cancelled",
        BatchListStatus.DryRun => "Dry run, nothing sent",
        _ => status.ToString(),
    };

    /// <summary>How a send ended, in the same words as the list (the list's statuses are the outcomes' names).</summary>
    public static string OutcomeText(Orchestration.BatchOutcome outcome) => StatusText(Enum.Parse<BatchListStatus>(outcome.ToString()));

    /// <summary>Who wrote a send's file, in words.</summary>
    public static string SourceText(BatchSource source) => source switch
    {
        BatchSource.Upload => "Manual upload",
        BatchSource.Campaign => "Approved campaign",
        BatchSource.TestSend => "Test push",
        BatchSource.Cohort => "Cohort run",
        _ => "System",
    };

    private static string KindText(BatchKind kind) => kind == BatchKind.Manual ? "manual uploads" : "system (campaigns, tests, cohorts)";

    // The status classes of the shared style sheet: blue while sending, green when all went out, red when not.
    private static string StatusClass(BatchListStatus status) => status switch
    {
        BatchListStatus.Running => "sending",
        BatchListStatus.Completed => "sent",
        BatchListStatus.CompletedWithFailures or BatchListStatus.Failed => "failed",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Table(string id, IReadOnlyList<BatchListItem> batches, string empty) => batches.Count == 0
        ? $"""<p class="muted" id="{id}-none">{HtmlPage.Encode(empty)}</p>"""
        : $"""<table id="{id}"><tr><th>File</th><th>Kind</th><th>Status</th><th>Started (UTC)</th><th>Devices</th><th>Sent</th></tr>{string.Concat(batches.Select(Row))}</table>""";

    private static string Row(BatchListItem b) =>
        $"""<tr><td><a href="{PageOf(b)}">{HtmlPage.Encode(b.BlobName)}</a></td><td>{HtmlPage.Encode(SourceText(b.Source))}</td>{Outcome(b)}</tr>""";

    private static string CohortRow(BatchListItem b)
    {
        var cohort = b.CohortId is { } id ? CohortCatalog.Find(id) : null;
        var name = cohort is null
            ? HtmlPage.Encode(b.CohortId)
            : $"""<a href="/cohorts/{Uri.EscapeDataString(cohort.Id)}">{HtmlPage.Encode(cohort.Description)}</a>""";

        // The run's day is its file's name (cohorts/{id}/{yyyy-MM-dd}.json).
        return $"""<tr><td>{name}</td><td><a href="{PageOf(b)}">{HtmlPage.Encode(Path.GetFileNameWithoutExtension(b.BlobName))}</a></td>{Outcome(b)}</tr>""";
    }

    private static string PageOf(BatchListItem b) => "/batches/" + Uri.EscapeDataString(b.BatchId);

    private static string Outcome(BatchListItem b) => string.Create(CultureInfo.InvariantCulture,
        $"""<td><span class="status {StatusClass(b.Status)}">{HtmlPage.Encode(StatusText(b.Status, b.CancelRequested))}</span></td><td class="when">{b.StartedAt:yyyy-MM-dd HH:mm}</td><td>{Count(b.Devices)}</td><td>{Count(b.Sent)}</td>""");

    private static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : string.Empty;

    private static string OlderQuery(BatchListQuery query, string before)
    {
        var parameters = new List<string>();
        if (query.Status is { } status)
        {
            parameters.Add("status=" + status);
        }

        if (query.Kind is { } kind)
        {
            parameters.Add("kind=" + kind.ToString().ToLowerInvariant());
        }

        parameters.Add(string.Create(CultureInfo.InvariantCulture, $"from={query.From:yyyy-MM-dd}&amp;to={query.To:yyyy-MM-dd}&amp;limit={query.Limit}"));
        parameters.Add("before=" + Uri.EscapeDataString(before));
        return string.Join("&amp;", parameters);
    }
}
