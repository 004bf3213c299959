using System.Globalization;
using Microsoft.DurableTask.Client;
using Notifications.Core.Api;
using Notifications.Core.Audience;
using Notifications.Core.Cohorts;

namespace Notifications.Core.Experiments.Readout;

/// <summary>
/// Reads out experiments and campaigns: the analytics engine counts users, opens and conversions (the exposure and
/// event logs beside the analytics data), the sends' own outcomes count the pushes, and <see cref="ReadoutBuilder"/>
/// does the statistics.
/// </summary>
public sealed class ExperimentReadoutService
{
    private readonly IAudienceSource _engine;
    private readonly CohortApi _cohorts;
    private readonly Batches.BatchService _batches;
    private readonly TimeProvider _time;

    /// <summary>Creates the service; <paramref name="engine"/> counts users, opens and conversions, <paramref name="batches"/> gives the sends' push outcomes.</summary>
    public ExperimentReadoutService(IAudienceSource engine, CohortApi cohorts, Batches.BatchService batches, TimeProvider time)
    {
        _engine = engine;
        _cohorts = cohorts;
        _batches = batches;
        _time = time;
    }

    /// <summary>The readout of <paramref name="cohort"/>'s experiment over run dates <paramref name="range"/>.</summary>
    /// <exception cref="AudienceQueryException">The analytics engine failed.</exception>
    public async Task<ExperimentReadout> ForCohortAsync(DurableTaskClient client, CohortCampaign cohort, DateRange range, CancellationToken cancellationToken) =>
        await ForCohortAsync(client, cohort, range, await _cohorts.RunsAsync(client, cohort.Id, range, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// As the other overload, with the cohort's <paramref name="runs"/> in the range already read: a finished run's
    /// outcome counts its pushes, and a run whose send waits for local times counts what it has pushed so far.
    /// </summary>
    /// <exception cref="AudienceQueryException">The analytics engine failed.</exception>
    public async Task<ExperimentReadout> ForCohortAsync(
        DurableTaskClient client, CohortCampaign cohort, DateRange range, IReadOnlyList<CohortRunView> runs, CancellationToken cancellationToken)
    {
        var experiment = cohort.Experiment;
        var query = new ReadoutQuery(
            ReadoutSql.Arms(cohort.Goal),
            ReadoutSql.ArmParameters(experiment.Id, range.From, range.To),
            ReadoutSql.ArmColumns,
            cohort.Id,
            new ReadoutTables(experiment.Id, range.From, range.To, range.From, Today()));
        var rows = await _engine.ReadAsync(query, cancellationToken).ConfigureAwait(false);
        var counts = rows.Where(r => r[0] is not null).Select(r => new ArmCounts(r[0]!, Count(r[1]), Count(r[2]), Count(r[3]))).ToList();

        var pushed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var summary = run.Outcome?.Summary;
            if (summary is null && run.BatchId is { } batchId)
            {
                var status = await _batches.GetStatusAsync(client, batchId, cancellationToken).ConfigureAwait(false);
                summary = status?.Summary ?? status?.Interim;
            }

            foreach (var arm in summary?.Arms ?? [])
            {
                pushed[arm.Name] = pushed.GetValueOrDefault(arm.Name) + arm.Sent;
            }
        }

        return ReadoutBuilder.Build(experiment, cohort.Goal.Description, range.From, range.To, counts, pushed);
    }

    /// <summary>Opens and conversions the apps reported for <paramref name="campaignId"/> since <paramref name="since"/> (UTC day).</summary>
    /// <exception cref="AudienceQueryException">The analytics engine failed.</exception>
    public async Task<CampaignOutcomes> ForCampaignAsync(string campaignId, DateOnly since, CancellationToken cancellationToken)
    {
        var today = Today();
        var query = new ReadoutQuery(
            ReadoutSql.Campaign(),
            new Dictionary<string, AudienceParameter> { ["campaign_id"] = AudienceParameter.Text(campaignId) },
            ReadoutSql.CampaignColumns,
            campaignId,
            new ReadoutTables(null, since, since, since, today));
        var rows = await _engine.ReadAsync(query, cancellationToken).ConfigureAwait(false);
        long UsersOf(string type) => rows.Where(r => r[0] == type).Select(r => Count(r[1])).FirstOrDefault();
        return new CampaignOutcomes(UsersOf("opened"), UsersOf("converted"));
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    private static long Count(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : 0;
}
