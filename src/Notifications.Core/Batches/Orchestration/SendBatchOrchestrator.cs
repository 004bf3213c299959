using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// The batch send: plan (one activity streams the file and writes chunk blobs), then fan the chunks out to
/// partition sub-orchestrations of at most <see cref="BatchOptions.ChunksPerPartition"/> chunks each, so no history
/// grows with the list. Only names, indexes and counts pass through here. An operator's <c>cancel</c> event stops
/// chunks that have not started. A resumed send (<see cref="BatchSendInput.Run"/> above 0) finds its plan already
/// committed and the ledger already holding every outcome of the earlier run, so only the devices still without
/// one are pushed.
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
        context.SetCustomStatus(new BatchProgress("planning", 0, 0, 0, 0, 0, new BatchCounts()));

        var plan = await context.CallActivityAsync<PlanResult>(
            BatchTaskNames.PlanBatch, new PlanRequest(batchId, input, DateOnly.FromDateTime(context.CurrentUtcDateTime)), StorageRetry);
        var summary = new BatchSummary
        {
            BatchId = batchId,
            CampaignId = plan.CampaignId,
            Users = plan.Users,
            ControlUsers = plan.ControlUsers,
            Arms = plan.Arms,
            UsersWithoutDevices = plan.UsersWithoutDevices,
            Devices = plan.Devices,
            Chunks = plan.Chunks,
            PlanId = plan.PlanId,
            Problems = plan.Problems,
        };

        if (!plan.IsValid || plan.DryRun || plan.Chunks == 0)
        {
            var outcome = !plan.IsValid ? BatchOutcome.Failed : plan.DryRun ? BatchOutcome.DryRun : BatchOutcome.Completed;
            return await FinishAsync(context, logger, summary with
            {
                Outcome = outcome,
                Error = plan.IsValid ? null : "the batch file was refused: " + plan.Problems[0],
            });
        }

        // Chunking settings come from the plan's (recorded) result, not from configuration, so a setting changed
        // mid-send cannot make a replay take a different path.
        var perPartition = plan.ChunksPerPartition;
        var partitions = (plan.Chunks + perPartition - 1) / perPartition;
        var progress = new BatchProgress("sending", plan.Users, plan.Devices, plan.Chunks, partitions, 0, new BatchCounts(), input.Run);
        context.SetCustomStatus(progress);

        var inputs = Enumerable.Range(0, partitions).Select(p => new PartitionInput(
            batchId, input, plan.PlanId, p * perPartition, Math.Min(perPartition, plan.Chunks - (p * perPartition)),
            plan.MaxChunkAttempts, plan.ChunkRetryDelaySeconds)).ToList();
        var running = inputs.Select((partition, p) => context.CallSubOrchestratorAsync<BatchCounts>(
            BatchTaskNames.SendBatchPartition, partition, new SubOrchestrationOptions(instanceId: BatchInstanceIds.Partition(batchId, p, input.Run)))).ToList();

        Task? cancel = context.WaitForExternalEvent<string>(BatchTaskNames.CancelEvent);
        var cancelled = false;
        var counts = new BatchCounts();
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(cancel is null ? running : [.. running, cancel]);
            if (done == cancel)
            {
                // The cancel marker is already stored; partitions wind down as their chunks see it.
                cancelled = true;
                cancel = null;
                progress = progress with { Phase = "cancelling" };
                context.SetCustomStatus(progress);
                continue;
            }

            var finished = (Task<BatchCounts>)done;
            running.Remove(finished);
            counts = counts.Add(finished.IsCompletedSuccessfully
                ? finished.Result
                : new BatchCounts { FirstError = finished.Exception?.InnerException?.Message ?? "a partition failed", ChunksWithErrors = 1 });
            progress = progress with { PartitionsDone = progress.PartitionsDone + 1, Counts = counts };
            context.SetCustomStatus(progress);
        }

        // Chunks of a failed partition were never counted; whatever is not accounted for failed.
        var unaccounted = plan.Devices - counts.Sent - counts.Invalid - counts.Rejected - counts.Failed;
        counts = counts with { Failed = counts.Failed + Math.Max(0, unaccounted) };

        // Every push has its outcome. Dead tokens leave the registry now, a partition's worth per activity, so
        // registry writes never held up a push.
        if (counts.Invalid > 0)
        {
            context.SetCustomStatus(progress with { Phase = "removing dead tokens", Counts = counts });
            var removed = await Task.WhenAll(inputs.Select(partition =>
                context.CallActivityAsync<int>(BatchTaskNames.RemoveInvalidTokens, partition, StorageRetry)));
            counts = counts with { TokensRemoved = removed.Sum() };
        }
        var final = cancelled || counts.ChunksCancelled > 0 ? BatchOutcome.Cancelled
            : counts.FirstError is not null ? BatchOutcome.Failed
            : counts.Failed > 0 ? BatchOutcome.CompletedWithFailures
            : BatchOutcome.Completed;
        return await FinishAsync(context, logger, summary with
        {
            Outcome = final, Counts = counts, Error = counts.FirstError, Partitions = partitions, Arms = WithDeliveries(plan.Arms, counts),
        });
    }

    /// <summary>Adds deliveries to the planned arms (control first, then the variants in order).</summary>
    private static List<ArmSummary> WithDeliveries(IReadOnlyList<ArmSummary> arms, BatchCounts counts) =>
        arms.Select((arm, i) => i == 0 ? arm : arm with { Sent = i - 1 < counts.SentByVariant.Count ? counts.SentByVariant[i - 1] : 0 }).ToList();

    private static async Task<BatchSummary> FinishAsync(TaskOrchestrationContext context, ILogger logger, BatchSummary summary)
    {
        context.SetCustomStatus(new BatchProgress("done", summary.Users, summary.Devices, summary.Chunks, 0, 0, summary.Counts));
        await context.CallActivityAsync(BatchTaskNames.RecordBatchOutcome, summary, StorageRetry);
        Diagnostics.Log.BatchEnded(logger, summary.BatchId, summary.Outcome.ToString(), summary.Counts.Sent, summary.Counts.Invalid,
            summary.Counts.Rejected, summary.Counts.Failed, summary.Devices);
        return summary;
    }
}
