using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Cohorts;

/// <summary>
/// Starts cohort runs, at most once per cohort and day. The instance id is derived from both, and an existing
/// instance (running, finished or failed) is never started again. Starts that race (a timer firing twice, two hosts)
/// are serialised by an insert-only claim row per cohort and day: the one that inserts it schedules the run, the others
/// wait for that run to appear. A claim whose holder died before scheduling is taken over once it is stale; a claim
/// marked scheduled is never taken over, so even a run whose history was purged is not sent again. A missed day is
/// run by naming its date.
/// </summary>
public sealed class CohortScheduler
{
    /// <summary><see cref="CohortStart.ExistingStatus"/> of a start refused because the cohort is paused.</summary>
    public const string Disabled = "Disabled";

    /// <summary>How long a claim may stand without its run before another start takes it over.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(30);

    private readonly CohortOptions _options;
    private readonly StorageClients _storage;
    private readonly BatchStateStore _batches;
    private readonly TimeProvider _time;
    private readonly ILogger<CohortScheduler> _logger;

    /// <summary>Creates the scheduler; claims are rows of the cohort-runs table, and <paramref name="options"/> gives the time zone and paused cohorts.</summary>
    public CohortScheduler(IOptions<CohortOptions> options, StorageClients storage, BatchStateStore batches, TimeProvider time, ILogger<CohortScheduler> logger)
    {
        _options = options.Value;
        _storage = storage;
        _batches = batches;
        _time = time;
        _logger = logger;
    }

    /// <summary>Today's date in <see cref="CohortOptions.TimeZone"/>: the run date of a timer firing now.</summary>
    public DateOnly Today() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone)).DateTime);

    /// <summary>
    /// The dates <paramref name="cohortId"/> was started for within <paramref name="range"/>, newest first: the run
    /// claims are one row per date in the cohort's partition, so this reads a row-key range of it.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> RunDatesAsync(string cohortId, Api.DateRange range, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var from = range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dates = new List<DateOnly>();
        await foreach (var row in _storage.CohortRuns.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {cohortId} and RowKey ge {from} and RowKey le {to}"), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (DateOnly.TryParseExact(row.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
        }

        dates.Reverse();
        return dates;
    }

    /// <summary>Starts the run of <paramref name="cohortId"/> for <paramref name="date"/> unless it exists.</summary>
    /// <param name="client">The durable client.</param>
    /// <param name="cohortId">The cohort.</param>
    /// <param name="date">The day the run is for.</param>
    /// <param name="trigger">Who starts it (timer, operator, notify), for the logs and the run's input.</param>
    /// <param name="retryUnsuccessful">
    /// An operator's re-run: a run of that day that ended unsuccessfully (its audience query failed, its send failed or
    /// was cancelled, or it was terminated) runs again under the same id. It pushes nobody twice: the batch file is
    /// create-only, its plan is committed once, and the delivery ledger skips every device that already has an outcome.
    /// A run that succeeded is never run again.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The run, or (<see cref="CohortStart.ExistingStatus"/> <c>Disabled</c>) nothing when the cohort is paused.</returns>
    /// <exception cref="ArgumentException">Unknown cohort.</exception>
    public async Task<CohortStart> StartAsync(
        DurableTaskClient client, string cohortId, DateOnly date, string trigger, bool retryUnsuccessful = false, CancellationToken cancellationToken = default)
    {
        var campaign = CohortCatalog.Find(cohortId) ?? throw new ArgumentException($"'{cohortId}' is not a cohort", nameof(cohortId));
        var instanceId = CohortRun.InstanceId(campaign.Id, date);
        if (_options.Disabled.Contains(campaign.Id))
        {
            // A paused cohort is an operator's choice, not a failure: its timers keep firing and start nothing.
            Log.CohortAlreadyStarted(_logger, instanceId, Disabled, trigger);
            return new CohortStart(instanceId, Started: false, Disabled);
        }

        if (retryUnsuccessful && await UnsuccessfulAsync(client, instanceId, cancellationToken).ConfigureAwait(false) is { } ended)
        {
            // The send of a cancelled run would see its cancel marker again and skip every chunk.
            if (ended.BatchId is { } batchId)
            {
                await _batches.ClearCancelledAsync(batchId, trigger, cancellationToken).ConfigureAwait(false);
            }

            await ScheduleAsync(client, campaign.Id, date, trigger, instanceId, cancellationToken).ConfigureAwait(false);
            Log.CohortRetried(_logger, instanceId, ended.Reason, trigger);
            return new CohortStart(instanceId, Started: true, null);
        }

        if (await ExistingAsync(client, instanceId, trigger, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var key = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (!await TryClaimAsync(campaign.Id, key, trigger, cancellationToken).ConfigureAwait(false))
        {
            // A twin holds the claim: its run appears shortly, or the twin died and the claim goes stale.
            while (true)
            {
                if (await ExistingAsync(client, instanceId, trigger, cancellationToken).ConfigureAwait(false) is { } twin)
                {
                    return twin;
                }

                var (tookOver, scheduledBefore) = await TryTakeOverAsync(campaign.Id, key, trigger, cancellationToken).ConfigureAwait(false);
                if (scheduledBefore)
                {
                    // The run was scheduled once and its history is gone (purged): it is not sent again.
                    Log.CohortAlreadyStarted(_logger, instanceId, "purged", trigger);
                    return new CohortStart(instanceId, Started: false, "Purged");
                }

                if (tookOver)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
            }
        }

        await ScheduleAsync(client, campaign.Id, date, trigger, instanceId, cancellationToken).ConfigureAwait(false);
        await _storage.CohortRuns.UpdateEntityAsync(new TableEntity(campaign.Id, key) { ["ScheduledAt"] = _time.GetUtcNow(), ["InstanceId"] = instanceId },
            ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        Log.CohortStarted(_logger, instanceId, trigger);
        return new CohortStart(instanceId, Started: true, null);
    }

    private static Task<string> ScheduleAsync(DurableTaskClient client, string cohortId, DateOnly date, string trigger, string instanceId, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(
            Orchestration.CohortTaskNames.RunCohort, new CohortRun(cohortId, date, trigger), new StartOrchestrationOptions(instanceId), cancellationToken);

    /// <summary>Why the ended run <paramref name="instanceId"/> did not succeed, and its send; null if it succeeded, runs, or does not exist.</summary>
    private static async Task<(string Reason, string? BatchId)?> UnsuccessfulAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var run = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        var outcome = run?.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? run.ReadOutputAs<Orchestration.CohortOutcome>() : null;
        return run?.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Failed => (run.FailureDetails?.ErrorMessage ?? "the run failed", null),
            OrchestrationRuntimeStatus.Terminated => ("the run was terminated", null),
            OrchestrationRuntimeStatus.Completed when outcome is not null
                && (outcome.Error is not null || outcome.Summary?.Outcome is BatchOutcome.Failed or BatchOutcome.Cancelled or BatchOutcome.CompletedWithFailures)
                => (outcome.Error ?? $"its send ended {outcome.Summary!.Outcome}", outcome.Summary?.BatchId),
            _ => null,
        };
    }

    private async Task<CohortStart?> ExistingAsync(DurableTaskClient client, string instanceId, string trigger, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            return null;
        }

        Log.CohortAlreadyStarted(_logger, instanceId, existing.RuntimeStatus.ToString(), trigger);
        return new CohortStart(instanceId, Started: false, existing.RuntimeStatus.ToString());
    }

    private async Task<bool> TryClaimAsync(string cohortId, string date, string trigger, CancellationToken cancellationToken)
    {
        try
        {
            await _storage.CohortRuns.AddEntityAsync(new TableEntity(cohortId, date)
            {
                ["Trigger"] = trigger,
                ["ClaimedAt"] = _time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task<(bool TookOver, bool ScheduledBefore)> TryTakeOverAsync(string cohortId, string date, string trigger, CancellationToken cancellationToken)
    {
        var claim = (await _storage.CohortRuns.GetEntityAsync<TableEntity>(cohortId, date, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (claim.ContainsKey("ScheduledAt"))
        {
            return (false, true);
        }

        if (claim.GetDateTimeOffset("ClaimedAt") is { } at && _time.GetUtcNow() - at < ClaimTimeout)
        {
            return (false, false);
        }

        try
        {
            // Conditional on the ETag read: of several starts that find the claim stale, one takes it.
            claim["Trigger"] = trigger;
            claim["ClaimedAt"] = _time.GetUtcNow();
            await _storage.CohortRuns.UpdateEntityAsync(claim, claim.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return (true, false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return (false, false);
        }
    }
}
