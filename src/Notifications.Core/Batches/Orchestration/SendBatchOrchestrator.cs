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
        context.SetCustomStatus(new BatchProgress("scanning", 0, 0, 0, 0, 0, new BatchCounts(), input.Run));

        var scan = await context.CallActivityAsync<ScanResult>(BatchTaskNames.ScanBatch, new PlanRequest(batchId, input, date), StorageRetry);
        var summary = new BatchSummary { BatchId = batchId, CampaignId = scan.CampaignId, Users = scan.Users, PlanId = scan.PlanId, Problems = scan.Problems };
        if (!scan.IsValid)
        {
            return await FinishAsync(context, logger, summary with { Outcome = BatchOutcome.Failed, Error = "the batch file was refused: " + scan.Problems[0] });
        }

        // Chunk settings come from the scan's (recorded) result, not from configuration, so a setting changed
        // mid-send cannot make a replay take a different path.
        var progress = new BatchProgress("sending", scan.Users, 0, 0, scan.Shards, 0, new BatchCounts(), input.Run);
        context.SetCustomStatus(progress);
        var plans = new ShardPlan?[scan.Shards];
        var planning = new Dictionary<Task<ShardPlan>, int>();
        var sending = new Dictionary<Task<BatchCounts>, int>();
        var planned = new Queue<int>();
        var next = 0;
        ShardInput Shard(int shard) =>
            new(batchId, input, scan.PlanId, shard, date, scan.DryRun, scan.MaxChunkAttempts, scan.ChunkRetryDelaySeconds);
        void Launch()
        {
            while (planning.Count < scan.PlansInFlight && next < scan.Shards)
            {
                planning[context.CallActivityAsync<ShardPlan>(BatchTaskNames.PlanShard, Shard(next), StorageRetry)] = next;
                next++;
            }

            while (sending.Count < scan.ShardsInFlight && planned.Count > 0)
            {
                var shard = planned.Dequeue();
                sending[context.CallSubOrchestratorAsync<BatchCounts>(BatchTaskNames.SendBatchShard, new ShardSendInput(Shard(shard), plans[shard]!),
                    new SubOrchestrationOptions(instanceId: BatchInstanceIds.Shard(batchId, shard, input.Run)))] = shard;
            }
        }

        var counts = new BatchCounts();
        var shardsDone = 0;
        void Report()
        {
            var totals = PlanTotals.Of(plans);
            progress = progress with
            {
                ShardsDone = shardsDone, ShardsPlanned = totals.Shards, Devices = totals.Devices, Chunks = totals.Chunks, Counts = counts,
                Running = [.. sending.Values.Order()],
            };
            context.SetCustomStatus(progress);
        }

        Launch();
        Report();
        Task? cancel = context.WaitForExternalEvent<string>(BatchTaskNames.CancelEvent);
        var cancelled = false;
        while (planning.Count + sending.Count > 0)
        {
            var done = await Task.WhenAny([.. planning.Keys, .. sending.Keys, .. cancel is null ? Array.Empty<Task>() : [cancel]]);
            if (done == cancel)
            {
                // The cancel marker is already stored; sending shards wind down as their chunks see it, and shards
                // not yet planned or waiting for a send slot never start, and are not counted (as before a shard's
                // plan, a shard that never sends is not in the summary's devices, so none of it counts as failed).
                cancelled = true;
                cancel = null;
                next = scan.Shards;
                foreach (var waiting in planned)
                {
                    plans[waiting] = null;
                    shardsDone++;
                }

                planned.Clear();
                progress = progress with { Phase = "cancelling" };
                Report();
                continue;
            }

            if (done is Task<ShardPlan> plan && planning.Remove(plan, out var index))
            {
                if (!plan.IsCompletedSuccessfully)
                {
                    shardsDone++;
                    counts = counts.Add(new BatchCounts { FirstError = plan.Exception?.InnerException?.Message ?? "a shard's plan failed", ChunksWithErrors = 1 });
                }
                else if (cancelled || scan.DryRun || plan.Result.Chunks == 0)
                {
                    // A dry run or an empty shard is done once planned; one planned after a cancel is never sent and
                    // not counted.
                    plans[index] = cancelled ? null : plan.Result;
                    shardsDone++;
                }
                else
                {
                    plans[index] = plan.Result;
                    planned.Enqueue(index);
                }
            }
            else
            {
                var finished = (Task<BatchCounts>)done;
                sending.Remove(finished);
                shardsDone++;
                counts = counts.Add(finished.IsCompletedSuccessfully
                    ? finished.Result
                    : new BatchCounts { FirstError = finished.Exception?.InnerException?.Message ?? "a shard failed", ChunksWithErrors = 1 });
            }

            Launch();
            Report();
        }

        var totals = PlanTotals.Of(plans);
        summary = summary with
        {
            ControlUsers = totals.ControlUsers,
            UsersWithoutDevices = totals.UsersWithoutDevices,
            Capped = totals.Capped,
            Devices = totals.Devices,
            Chunks = totals.Chunks,
            Shards = scan.Shards,
        };
        if (scan.DryRun)
        {
            return await FinishAsync(context, logger, summary with { Outcome = BatchOutcome.DryRun, Arms = Arms(scan, plans, counts) });
        }

        // Devices of a failed shard were never counted; whatever is not accounted for failed.
        var unaccounted = totals.Devices - counts.Sent - counts.Invalid - counts.Rejected - counts.Failed;
        counts = counts with { Failed = counts.Failed + Math.Max(0, unaccounted) };

        // Every push has its outcome. Dead tokens leave the registry now, a shard's worth per activity, so registry
        // writes never held up a push.
        if (counts.Invalid > 0)
        {
            context.SetCustomStatus(progress with { Phase = "removing dead tokens", Counts = counts });
            var removals = plans.Where(p => p is { Chunks: > 0 }).Select(p => context.CallActivityAsync<int>(
                BatchTaskNames.RemoveInvalidTokens, new TokenRemovalRequest(batchId, scan.PlanId, p!.ChunkSet, p.Chunks), StorageRetry));
            counts = counts with { TokensRemoved = (await Task.WhenAll(removals)).Sum() };
        }

        var final = cancelled || counts.ChunksCancelled > 0 ? BatchOutcome.Cancelled
            : counts.FirstError is not null ? BatchOutcome.Failed
            : counts.Failed > 0 ? BatchOutcome.CompletedWithFailures
            : BatchOutcome.Completed;
        return await FinishAsync(context, logger, summary with { Outcome = final, Counts = counts, Error = counts.FirstError, Arms = Arms(scan, plans, counts) });
    }

    /// <summary>With an experiment: control first, then each variant with its users, planned devices and deliveries.</summary>
    internal static List<ArmSummary> Arms(ScanResult scan, IReadOnlyList<ShardPlan?> plans, BatchCounts counts)
    {
        if (scan.Variants.Count == 0)
        {
            return [];
        }

        var totals = PlanTotals.Of(plans);
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
        context.SetCustomStatus(new BatchProgress("done", summary.Users, summary.Devices, summary.Chunks, 0, 0, summary.Counts));
        await context.CallActivityAsync(BatchTaskNames.RecordBatchOutcome, summary, StorageRetry);
        Diagnostics.Log.BatchEnded(logger, summary.BatchId, summary.Outcome.ToString(), summary.Counts.Sent, summary.Counts.Invalid,
            summary.Counts.Rejected, summary.Counts.Failed, summary.Devices);
        return summary;
    }
}
