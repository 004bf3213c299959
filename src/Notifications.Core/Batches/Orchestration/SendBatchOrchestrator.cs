using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// The batch send: one activity scans the whole file (validating all of it before anything is pushed) and cuts
/// it into shards; shard sub-orchestrations then plan and send side by side, at most
/// <see cref="ScanResult.ShardsInFlight"/> at a time, each sending its chunks as soon as they are planned. Only
/// names, indexes and counts pass through here, and no activity's work grows with the list. Once every push has its
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
        var running = new Dictionary<Task<ShardOutcome>, int>();
        var plans = new ShardPlan?[scan.Shards];
        var next = 0;
        void Launch()
        {
            while (running.Count < scan.ShardsInFlight && next < scan.Shards)
            {
                var shard = new ShardInput(batchId, input, scan.PlanId, next, date, scan.DryRun, scan.MaxChunkAttempts, scan.ChunkRetryDelaySeconds);
                running[context.CallSubOrchestratorAsync<ShardOutcome>(BatchTaskNames.SendBatchShard, shard,
                    new SubOrchestrationOptions(instanceId: BatchInstanceIds.Shard(batchId, next, input.Run)))] = next;
                next++;
            }
        }

        Launch();
        context.SetCustomStatus(progress with { Running = [.. running.Values.Order()] });
        Task? cancel = context.WaitForExternalEvent<string>(BatchTaskNames.CancelEvent);
        var cancelled = false;
        var counts = new BatchCounts();
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(cancel is null ? running.Keys : [.. running.Keys, cancel]);
            if (done == cancel)
            {
                // The cancel marker is already stored; running shards wind down as their chunks see it, and shards
                // not yet begun never start.
                cancelled = true;
                cancel = null;
                next = scan.Shards;
                progress = progress with { Phase = "cancelling" };
                context.SetCustomStatus(progress with { Running = [.. running.Values.Order()] });
                continue;
            }

            var finished = (Task<ShardOutcome>)done;
            var index = running[finished];
            running.Remove(finished);
            if (finished.IsCompletedSuccessfully)
            {
                plans[index] = finished.Result.Plan;
                counts = counts.Add(finished.Result.Counts);
            }
            else
            {
                counts = counts.Add(new BatchCounts { FirstError = finished.Exception?.InnerException?.Message ?? "a shard failed", ChunksWithErrors = 1 });
            }

            Launch();
            var planned = PlanTotals.Of(plans);
            progress = progress with { ShardsDone = progress.ShardsDone + 1, Devices = planned.Devices, Chunks = planned.Chunks, Counts = counts };
            context.SetCustomStatus(progress with { Running = [.. running.Values.Order()] });
        }

        var totals = PlanTotals.Of(plans);
        summary = summary with
        {
            ControlUsers = totals.ControlUsers,
            UsersWithoutDevices = totals.UsersWithoutDevices,
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
            arms.Add(new ArmSummary(
                scan.Variants[i],
                i < totals.ArmUsers.Count ? totals.ArmUsers[i] : 0,
                i < totals.ArmDevices.Count ? totals.ArmDevices[i] : 0,
                i < counts.SentByVariant.Count ? counts.SentByVariant[i] : 0));
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
