using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Notifications.Core.Cohorts;
using Notifications.Core.Cohorts.Orchestration;

namespace Notifications.Core.Api;

/// <summary>The cohort endpoints: what is defined and when it runs, an operator's run for a date, and a run's state.</summary>
public sealed class CohortApi
{
    private readonly CohortScheduler _scheduler;
    private readonly CohortOptions _options;

    /// <summary>Creates the API; <paramref name="options"/> decides each cohort's schedule, its time zone and whether it is paused.</summary>
    public CohortApi(CohortScheduler scheduler, IOptions<CohortOptions> options)
    {
        _scheduler = scheduler;
        _options = options.Value;
    }

    /// <summary><c>GET /api/cohorts</c>: every cohort with its schedule, query and experiment.</summary>
    public ApiResponse List() => new(200, CohortCatalog.All.Select(c => new
    {
        c.Id,
        c.Description,
        Schedule = _options.ScheduleOf(c),
        _options.TimeZone,
        Disabled = _options.Disabled.Contains(c.Id),
        Query = c.Sql,
        Platforms = c.Platforms.Select(Devices.PlatformNames.ToName),
        Experiment = new
        {
            c.Experiment.Id,
            c.Experiment.ControlPercent,
            Variants = c.Experiment.Variants.Select(v => new { v.Name, v.Percent, v.Message }),
        },
    }).ToList());

    /// <summary>
    /// <c>POST /api/cohorts/{id}/runs</c> with <c>{"date":"yyyy-MM-dd"}</c> (default: today): 202 when this call
    /// started the run, 200 when the run for that date already exists (a run that succeeded is never started twice;
    /// one that ended unsuccessfully runs again, pushing only to whoever has no outcome yet).
    /// </summary>
    public async Task<ApiResponse> RunAsync(DurableTaskClient client, string id, ApiBody body, CancellationToken cancellationToken)
    {
        if (CohortCatalog.Find(id) is null)
        {
            return UnknownCohort();
        }

        var (request, problem) = await ApiJson.ReadAsync<CohortRunRequest>(body, cancellationToken, optional: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var date = _scheduler.Today();
        if (request?.Date is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["not a date (yyyy-MM-dd)"] });
            }

            if (date > _scheduler.Today())
            {
                return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["must not be in the future: a run's cohort is made of days that have passed"] });
            }
        }

        try
        {
            var start = await _scheduler.StartAsync(client, id, date, "operator", retryUnsuccessful: true, cancellationToken).ConfigureAwait(false);
            if (start.ExistingStatus == CohortScheduler.Disabled)
            {
                return ApiResponse.Problem(409, "The cohort cannot run.", $"cohort '{id}' is paused (Cohorts:Disabled); remove it from that setting first");
            }

            var location = $"/api/cohorts/{id}/runs/{date:yyyy-MM-dd}";
            return new ApiResponse(start.Started ? 202 : 200, start, location);
        }
        catch (ArgumentException ex)
        {
            return ApiResponse.Problem(409, "The cohort cannot run.", ex.Message);
        }
    }

    /// <summary><c>GET /api/cohorts/{id}/runs/{date}</c>: the run's state and, when it has finished, its outcome.</summary>
    public static async Task<ApiResponse> GetRunAsync(DurableTaskClient client, string id, string date, CancellationToken cancellationToken)
    {
        if (CohortCatalog.Find(id) is null)
        {
            return UnknownCohort();
        }

        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["not a date (yyyy-MM-dd)"] });
        }

        return await RunAsync(client, id, day, cancellationToken).ConfigureAwait(false) is { } run
            ? new ApiResponse(200, run)
            : ApiResponse.Problem(404, "No such run.", $"Cohort '{id}' has not run for {day:yyyy-MM-dd}.");
    }

    /// <summary>
    /// <c>GET /api/cohorts/{id}/runs?from=&amp;to=</c>: the cohort's runs by date, newest first (default the last 30
    /// days, at most 92), each with its state and, once finished, its outcome with per-arm counts.
    /// </summary>
    public async Task<ApiResponse> ListRunsAsync(DurableTaskClient client, string id, Func<string, string?> query, CancellationToken cancellationToken)
    {
        if (CohortCatalog.Find(id) is null)
        {
            return UnknownCohort();
        }

        var errors = new Dictionary<string, string[]>();
        var range = DateRange.Parse(query, _scheduler.Today(), errors);
        if (errors.Count > 0)
        {
            return ApiResponse.ValidationProblem(errors, "The list query is invalid; see errors by parameter.");
        }

        return new ApiResponse(200, new { Cohort = id, range.From, range.To, Runs = await RunsAsync(client, id, range, cancellationToken).ConfigureAwait(false) });
    }

    /// <summary>The runs of cohort <paramref name="id"/> within <paramref name="range"/>, newest first.</summary>
    public async Task<IReadOnlyList<CohortRunView>> RunsAsync(DurableTaskClient client, string id, DateRange range, CancellationToken cancellationToken)
    {
        var runs = new List<CohortRunView>();
        foreach (var day in await _scheduler.RunDatesAsync(id, range, cancellationToken).ConfigureAwait(false))
        {
            // A date claimed but never started (a start that died before scheduling) has no instance: shown as such.
            runs.Add(await RunAsync(client, id, day, cancellationToken).ConfigureAwait(false)
                     ?? new CohortRunView(day, CohortRun.InstanceId(id, day), "NotStarted", null, null, null, null));
        }

        return runs;
    }

    /// <summary>Today in the cohorts' time zone (the run date of a timer firing now).</summary>
    public DateOnly Today() => _scheduler.Today();

    /// <summary>Whether cohort <paramref name="id"/> is paused (<c>Cohorts:Disabled</c>).</summary>
    public bool IsPaused(string id) => _options.Disabled.Contains(id);

    /// <summary>The cohorts' schedule settings.</summary>
    public CohortOptions Options => _options;

    private static async Task<CohortRunView?> RunAsync(DurableTaskClient client, string id, DateOnly day, CancellationToken cancellationToken)
    {
        var instanceId = CohortRun.InstanceId(id, day);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return instance is null
            ? null
            : new CohortRunView(
                day,
                instanceId,
                instance.RuntimeStatus.ToString(),
                instance.CreatedAt,
                instance.LastUpdatedAt,
                instance.IsCompleted && instance.SerializedOutput is not null ? instance.ReadOutputAs<CohortOutcome>() : null,
                instance.FailureDetails?.ErrorMessage,
                instance.SerializedCustomStatus is { Length: > 0 } ? instance.ReadCustomStatusAs<string>() : null);
    }

    private static ApiResponse UnknownCohort() =>
        ApiResponse.Problem(404, "No such cohort.", $"That is not a cohort (known: {string.Join(", ", CohortCatalog.All.Select(c => c.Id))}).");
}
