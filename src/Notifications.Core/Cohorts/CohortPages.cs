using System.Globalization;
using Microsoft.DurableTask.Client;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Cohorts;

/// <summary>
/// A cohort's page (<c>/cohorts/{id}</c>): its schedule in words with its time zone, its arms and their messages, the
/// experiment's readout over the dates shown (verdict, chart, per-arm numbers), and its runs of those dates (the last 30
/// days by default) with the users, devices and pushes of every arm, control included.
/// </summary>
public sealed class CohortPages
{
    private readonly CohortApi _cohorts;
    private readonly Timing.QuietHoursOptions _quietHours;
    private readonly Experiments.Readout.ExperimentReadoutService _readouts;

    /// <summary>Creates the pages; <paramref name="cohorts"/> gives schedules and runs, <paramref name="quietHours"/> the timing, <paramref name="readouts"/> the verdict.</summary>
    public CohortPages(CohortApi cohorts, Microsoft.Extensions.Options.IOptions<Timing.QuietHoursOptions> quietHours, Experiments.Readout.ExperimentReadoutService readouts)
    {
        _cohorts = cohorts;
        _readouts = readouts;
        _quietHours = quietHours.Value;
    }

    /// <summary>The page of cohort <paramref name="id"/> with its runs from <c>from</c> to <c>to</c> (default the last 30 days), or a 404 page.</summary>
    public async Task<HtmlResponse> CohortAsync(DurableTaskClient client, string id, Func<string, string?> query, CancellationToken cancellationToken)
    {
        if (CohortCatalog.Find(id) is not { } cohort)
        {
            return HtmlResponse.Notice(404, "Unknown cohort", "There is no cohort with that id.");
        }

        var options = _cohorts.Options;
        var schedule = ScheduleInWords(options.ScheduleOf(cohort));
        // Schedules are evaluated in UTC (docs/cohorts.md); a run's date is the day in the configured zone.
        var dates = options.TimeZone == "UTC" ? string.Empty : $", dated by the day in {HtmlPage.Encode(options.TimeZone)}";
        var paused = _cohorts.IsPaused(id) ? """ <span class="status failed">paused</span>""" : string.Empty;
        var arms = string.Concat(cohort.Experiment.Variants.Select(v => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{HtmlPage.Encode(v.Name)}</td><td>{v.Percent:0.##}%</td><td><b>{HtmlPage.Encode(v.Message.Title)}</b><br>{HtmlPage.Encode(v.Message.Body)}</td></tr>")));
        var control = string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{ArmSummary.ControlName}</td><td>{cohort.Experiment.ControlPercent:0.##}%</td><td class=\"muted\">no push: the baseline the arms are compared with</td></tr>");

        var errors = new Dictionary<string, string[]>();
        var range = DateRange.Parse(query, _cohorts.Today(), errors);
        if (errors.Count > 0)
        {
            return HtmlResponse.Notice(400, cohort.Description, "The dates are not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        }

        var runs = await _cohorts.RunsAsync(client, id, range, cancellationToken).ConfigureAwait(false);
        var armNames = cohort.Experiment.Variants.Select(v => v.Name).Prepend(ArmSummary.ControlName).ToList();
        var header = string.Concat(armNames.Select(a => $"<th>{HtmlPage.Encode(a)}</th>"));
        var rows = string.Concat(runs.Select(r => Row(r, armNames)));
        var runTable = runs.Count == 0
            ? """<p class="muted" id="runs-none">No run in these dates.</p>"""
            : $"""<table id="runs"><tr><th>Date</th><th>Status</th><th>Users</th><th>Devices</th>{header}</tr>{rows}</table><p class="muted">Per arm: users / pushes delivered. Control users get no push.</p>""";

        string readout;
        try
        {
            readout = Experiments.Readout.ReadoutPanel.Render(await _readouts.ForCohortAsync(client, cohort, range, runs, cancellationToken).ConfigureAwait(false));
        }
        catch (Audience.AudienceQueryException ex)
        {
            readout = $"""<p class="notice bad" id="verdict">The readout is not available right now: {HtmlPage.Encode(ex.Message)}</p>""";
        }

        var body = $"""
            <p class="actions"><a href="/">Home</a></p>
            <p class="notice" id="schedule">Runs {HtmlPage.Encode(schedule)} (UTC){dates}{paused}; platforms: {HtmlPage.Encode(string.Join(", ", cohort.Platforms.Select(Devices.PlatformNames.ToDisplayName)))}.</p>
            <p class="muted" id="timing">{HtmlPage.Encode(Approvals.Web.TimingText.Describe(cohort.SendOptions, _quietHours))}</p>
            <h2>Arms of experiment {HtmlPage.Encode(cohort.Experiment.Id)}</h2>
            <table id="arms"><tr><th>Arm</th><th>Share</th><th>Message</th></tr>{arms}{control}</table>
            <h2>Did it work? Runs from {range.From:yyyy-MM-dd} to {range.To:yyyy-MM-dd}</h2>
            {readout}
            <h2>Runs from {range.From:yyyy-MM-dd} to {range.To:yyyy-MM-dd}</h2>
            {runTable}
            """;
        return HtmlResponse.Page(200, cohort.Description, body);
    }

    /// <summary>A six-field cron (seconds first) in words where it is a daily or weekly time; otherwise the cron itself.</summary>
    public static string ScheduleInWords(string cron)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length == 6 && int.TryParse(f[1], out var minute) && int.TryParse(f[2], out var hour) && f[3] == "*" && f[4] == "*"
            && minute is >= 0 and < 60 && hour is >= 0 and < 24 && (f[0] == "0" || f[0] == "00"))
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{hour:00}:{minute:00}");
            if (f[5] is "*" or "?")
            {
                return $"every day at {at}";
            }

            var days = f[5].Split(',').Select(d => int.TryParse(d, out var n) && n is >= 0 and <= 7 ? ((DayOfWeek)(n % 7)).ToString() : null).ToList();
            if (days.All(d => d is not null))
            {
                return $"every {string.Join(", ", days)} at {at}";
            }
        }

        return $"on the schedule {cron} (six-field cron)";
    }

    private static string Row(CohortRunView run, IReadOnlyList<string> armNames)
    {
        var summary = run.Outcome?.Summary;
        var cells = string.Concat(armNames.Select(name => summary?.Arms.FirstOrDefault(a => a.Name == name) is { } arm
            ? string.Create(CultureInfo.InvariantCulture, $"<td>{arm.Users:N0} / {arm.Sent:N0}</td>")
            : "<td></td>"));
        var status = run.Outcome?.Error is { } error ? $"{run.Status}: {error}" : run.Status;
        // The date opens the run's send: per arm and per platform, delivered, dead tokens and not delivered.
        // While the send runs or waits for local times, the run names it already (its orchestration's custom status).
        var date = (summary is { BatchId.Length: > 0 } ? summary.BatchId : run.BatchId) is { Length: > 0 } batchId
            ? string.Create(CultureInfo.InvariantCulture, $"<a class=\"run\" href=\"/batches/{Uri.EscapeDataString(batchId)}\">{run.Date:yyyy-MM-dd}</a>")
            : string.Create(CultureInfo.InvariantCulture, $"{run.Date:yyyy-MM-dd}");
        return string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{date}</td><td>{HtmlPage.Encode(status)}</td><td>{run.Outcome?.Users:N0}</td><td>{summary?.Devices:N0}</td>{cells}</tr>");
    }
}
