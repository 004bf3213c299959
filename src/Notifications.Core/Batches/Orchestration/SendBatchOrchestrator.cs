using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// The batch send: one activity scans the whole file (validating all of it before anything is pushed) and cuts
/// it into shards; shards are then planned, <see cref="ScanResult.PlansInFlight"/> at a time, and each planned
/// shard is sent by its own sub-orchestration, at most <see cref="ScanResult.ShardsInFlight"/> at a time, while
/// later shards are still being planned. Planning few at a time is what makes the first pushes leave seconds after
/// the scan: the first shard's plan does not share the registry with every other shard's. Only names, indexes and
/// counts pass through here, and no activity's work grows with the list. Once every push has its
/// outcome, dead tokens leave the registry, one activity per shard. An operator's <c>cancel</c> event stops chunks
/// that have not started and shards that have not begun. A resumed send (<see cref="BatchSendInput.Run"/> above 0)
/// finds its scan and shard plans already committed and the ledger holding every outcome of the earlier run, so only
/// the devices still without one are pushed.
/// </summary>
[DurableTask(BatchTaskNames.SendBatch)]
public sealed class SendBatchOrchestrator : TaskOrchestrator<BatchSendInput, BatchSummary>
{
    /// <summary>Retries for activities that only touch storage (a blip must not fail a send of millions).</summary>
    internal static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    /// <inheritdoc />
    public override async Task<BatchSummary> RunAsync(TaskOrchestrationContext context, BatchSendInput input)
    {
        var logger = context.CreateReplaySafeLogger<SendBatchOrchestrator>();
        var batchId = context.InstanceId;
        var date = DateOnly.FromDateTime(context.CurrentUtcDateTime);
        context.SetCustomStatus(new BatchProgress(BatchPhase.Scanning, 0, 0, 0, 0, 0, new BatchCounts(), input.Run));

        var scan = await context.CallActivityAsync<ScanResult>(BatchTaskNames.ScanBatch, new PlanRequest(batchId, input, date), StorageRetry);
        var summary = new BatchSummary { BatchId = batchId, CampaignId = scan.CampaignId, Users = scan.Users, PlanId = scan.PlanId, Problems = scan.Problems };
        if (!scan.IsValid)
        {
            return await FinishAsync(context, logger, summary with { Outcome = BatchOutcome.Failed, Error = "the batch file was refused: " + scan.Problems[0] });
        }

        // Chunk settings come from the scan's (recorded) result, not from configuration, so a setting changed
        // mid-send cannot make a replay take a different path. So does the planning instant every shard reads quiet
        // hours and delivery times from.
        var plannedAt = context.CurrentUtcDateTime;
        var progress = new BatchProgress(BatchPhase.Sending, scan.Users, 0, 0, scan.Shards, 0, new BatchCounts(), input.Run);
        context.SetCustomStatus(progress);
        var plans = new ShardPlan?[scan.Shards];
        var planning = new Dictionary<Task<ShardPlan>, int>();
        var sending = new Dictionary<Task<BatchCounts>, WaveRef>();
        var planned = new Queue<int>();
        var next = 0;

        // Waves held for later: one durable timer per release time, shared by every shard's wave due then.
        var pending = new SortedDictionary<DateTime, List<WaveRef>>();
        var timers = new Dictionary<Task, DateTime>();
        using var stopTimers = new CancellationTokenSource();
        var due = new Queue<WaveRef>();
        ShardInput Shard(int shard) =>
            new(batchId, input, scan.PlanId, shard, date, scan.DryRun, scan.MaxChunkAttempts, scan.ChunkRetryDelaySeconds, plannedAt);
        void Hold(int shard, ShardPlan plan)
        {
            for (var w = 0; w < plan.Waves.Count; w++)
            {
                var at = plan.Waves[w].At;
                if (at <= context.CurrentUtcDateTime)
                {
                    due.Enqueue(new WaveRef(shard, w));
                    continue;
                }

                if (!pending.TryGetValue(at, out var group))
                {
                    pending[at] = group = [];
                    timers[context.CreateTimer(at, stopTimers.Token)] = at;
                }

                group.Add(new WaveRef(shard, w));
            }
        }

        void Launch()
        {
            while (planning.Count < scan.PlansInFlight && next < scan.Shards)
            {
                planning[context.CallActivityAsync<ShardPlan>(BatchTaskNames.PlanShard, Shard(next), StorageRetry)] = next;
                next++;
            }

            // A send slot goes to a shard's first send before a wave: the send's own pushes first.
            while (sending.Count < scan.ShardsInFlight && (planned.Count > 0 || due.Count > 0))
            {
                var (shard, wave) = planned.Count > 0 ? new WaveRef(planned.Dequeue(), -1) : due.Dequeue();
                var id = wave < 0 ? BatchInstanceIds.Shard(batchId, shard, input.Run) : BatchInstanceIds.Wave(batchId, shard, wave, input.Run);
                sending[context.CallSubOrchestratorAsync<BatchCounts>(BatchTaskNames.SendBatchShard,
                    new ShardSendInput(Shard(shard), plans[shard]!, wave < 0 ? null : wave), new SubOrchestrationOptions(instanceId: id))] = new WaveRef(shard, wave);
            }
        }

        var counts = new BatchCounts();
        var shardsDone = 0;
        var cancelled = false;
        void Report()
        {
            var totals = PlanTotals.Of(plans);
            var waiting = pending.Select(p => new WaitingGroup(
                p.Key, p.Value.Sum(w => plans[w.Shard]!.Waves[w.Wave].Users), p.Value.Sum(w => plans[w.Shard]!.Waves[w.Wave].Devices))).ToList();
            var quiet = planning.Count + sending.Count + due.Count == 0 && waiting.Count > 0 && !cancelled;
            progress = progress with
            {
                Phase = cancelled ? BatchPhase.Cancelling : quiet ? BatchPhase.Waiting : BatchPhase.Sending,
                ShardsDone = shardsDone, ShardsPlanned = totals.Shards, Devices = totals.Devices, Chunks = totals.Chunks, Counts = counts,
                Running = [.. sending.Values.Where(w => w.Wave < 0).Select(w => w.Shard).Order()],
                RunningWaves = [.. sending.Values.Where(w => w.Wave >= 0)],
                Waiting = waiting,
                Interim = quiet ? Summarize(summary, scan, plans, counts) with { Outcome = BatchOutcome.Waiting } : null,
            };
            context.SetCustomStatus(progress);
        }

        Launch();
        Report();
        Task? cancel = context.WaitForExternalEvent<string>(BatchTaskNames.CancelEvent);
        while (planning.Count + sending.Count + timers.Count > 0)
        {
            var done = await Task.WhenAny([.. planning.Keys, .. sending.Keys, .. timers.Keys, .. cancel is null ? Array.Empty<Task>() : [cancel]]);
            if (done == cancel)
            {
                // The cancel marker is already stored; sending shards wind down as their chunks see it, and shards
                // not yet planned or waiting for a send slot never start, and are not counted (as before a shard's
                // plan, a shard that never sends is not in the summary's devices, so none of it counts as failed).
                // Waves not yet due never will be: their users were never counted as devices either.
                cancelled = true;
                cancel = null;
                next = scan.Shards;
                foreach (var waiting in planned)
                {
                    plans[waiting] = null;
                    shardsDone++;
                }

                planned.Clear();
                due.Clear();
                pending.Clear();
                timers.Clear();
                // Synchronously: CancelAsync would finish on a pool thread, outside the orchestration's own scheduler.
#pragma warning disable CA1849 // Call async methods when in an async method
                stopTimers.Cancel();
#pragma warning restore CA1849
                Report();
                continue;
            }

            if (timers.Remove(done, out var at))
            {
                foreach (var wave in pending[at])
                {
                    due.Enqueue(wave);
                }

                pending.Remove(at);
            }
            else if (done is Task<ShardPlan> plan && planning.Remove(plan, out var index))
            {
                if (!plan.IsCompletedSuccessfully)
                {
                    shardsDone++;
                    counts = counts.Add(new BatchCounts { FirstError = plan.Exception?.InnerException?.Message ?? "a shard's plan failed", ChunksWithErrors = 1 });
                }
                else if (cancelled || scan.DryRun || plan.Result.Chunks == 0)
                {
                    // A dry run or a shard with nothing to push now is done once planned (its waves wait on their
                    // timers); one planned after a cancel is never sent and not counted.
                    plans[index] = cancelled ? null : plan.Result;
                    shardsDone++;
                    if (!cancelled && !scan.DryRun)
                    {
                        Hold(index, plan.Result);
                    }
                }
                else
                {
                    plans[index] = plan.Result;
                    planned.Enqueue(index);
                    Hold(index, plan.Result);
                }
            }
            else
            {
                var finished = (Task<BatchCounts>)done;
                sending.Remove(finished, out var which);
                shardsDone += which!.Wave < 0 ? 1 : 0;
                counts = counts.Add(finished.IsCompletedSuccessfully
                    ? finished.Result
                    : new BatchCounts { FirstError = finished.Exception?.InnerException?.Message ?? "a shard failed", ChunksWithErrors = 1 });
            }

            Launch();
            Report();
        }

        summary = Summarize(summary, scan, plans, counts);
        if (scan.DryRun)
        {
            // A dry run counts the devices it would have held for later as well.
            return await FinishAsync(context, logger, summary with
            {
                Outcome = BatchOutcome.DryRun, Plan = summary.Plan with { Devices = summary.Plan.Devices + plans.Sum(p => p?.Waves.Sum(w => w.Devices) ?? 0) },
            });
        }

        // Devices of a failed shard were never counted; whatever is not accounted for failed.
        var unaccounted = summary.Devices - counts.Sent - counts.Invalid - counts.Rejected - counts.Failed;
        counts = counts with { Failed = counts.Failed + Math.Max(0, unaccounted) };

        // Every push has its outcome. Dead tokens leave the registry now, a shard's worth per activity, so registry
        // writes never held up a push.
        if (counts.Invalid > 0)
        {
            context.SetCustomStatus(progress with { Phase = BatchPhase.RemovingDeadTokens, Counts = counts });
            var removals = plans.Where(p => p is { Chunks: > 0 }).Select(p => context.CallActivityAsync<int>(
                BatchTaskNames.RemoveInvalidTokens, new TokenRemovalRequest(batchId, scan.PlanId, p!.ChunkSet, p.Chunks), StorageRetry));

            // A wave removed its own dead tokens when it ended (its chunks are its own).
            counts = counts with { TokensRemoved = counts.TokensRemoved + (await Task.WhenAll(removals)).Sum() };
        }

        var final = cancelled || counts.ChunksCancelled > 0 ? BatchOutcome.Cancelled
            : counts.FirstError is not null ? BatchOutcome.Failed
            : counts.Failed > 0 ? BatchOutcome.CompletedWithFailures
            : BatchOutcome.Completed;
        return await FinishAsync(context, logger, summary with { Outcome = final, Counts = counts, Error = counts.FirstError });
    }

    /// <summary>The summary's plan figures: the shards' plans, plus what the waves released so far added.</summary>
    private static BatchSummary Summarize(BatchSummary summary, ScanResult scan, IReadOnlyList<ShardPlan?> plans, BatchCounts counts)
    {
        var totals = PlanTotals.Of(plans);
        return summary with
        {
            Plan = totals,
            Shards = scan.Shards,
            Counts = counts,
            Arms = Arms(scan, totals, counts),
        };
    }

    /// <summary>With an experiment: control first, then each variant with its users, planned devices and deliveries.</summary>
    internal static List<ArmSummary> Arms(ScanResult scan, PlanTotals totals, BatchCounts counts)
    {
        if (scan.Variants.Count == 0)
        {
            return [];
        }

        var arms = new List<ArmSummary> { new(ArmSummary.ControlName, totals.ControlUsers, 0, 0) };
        for (var i = 0; i < scan.Variants.Count; i++)
        {
            var outcomes = i < counts.ByVariant.Count ? counts.ByVariant[i] : OutcomeCounts.Empty;
            arms.Add(new ArmSummary(
                scan.Variants[i],
                i < totals.ArmUsers.Count ? totals.ArmUsers[i] : 0,
                i < totals.ArmDevices.Count ? totals.ArmDevices[i] : 0,
                outcomes.Sent, outcomes.Invalid, outcomes.NotDelivered));
        }

        return arms;
    }

    private static async Task<BatchSummary> FinishAsync(TaskOrchestrationContext context, ILogger logger, BatchSummary summary)
    {
        context.SetCustomStatus(new BatchProgress(BatchPhase.Done, summary.Users, summary.Devices, summary.Chunks, 0, 0, summary.Counts));
        await context.CallActivityAsync(BatchTaskNames.RecordBatchOutcome, summary, StorageRetry);
        Diagnostics.Log.BatchEnded(logger, summary.BatchId, summary.Outcome.ToString(), summary.Counts.Sent, summary.Counts.Invalid,
            summary.Counts.Rejected, summary.Counts.Failed, summary.Devices);
        return summary;
    }
}
