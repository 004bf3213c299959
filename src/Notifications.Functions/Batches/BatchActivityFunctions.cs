using Microsoft.Azure.Functions.Worker;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;

namespace Notifications.Functions.Batches;

/// <summary>The batch activities: one-line hand-offs to the Core services the local worker also runs.</summary>
public sealed class BatchActivityFunctions(BatchPlanner planner, ChunkSender sender, InvalidTokenRemover remover, BatchStateStore state)
{
    /// <summary>Plans a send.</summary>
    [Function(BatchTaskNames.PlanBatch)]
    public Task<PlanResult> PlanBatch([ActivityTrigger] PlanRequest input, CancellationToken cancellationToken) =>
        planner.PlanAsync(input, cancellationToken);

    /// <summary>Sends one chunk.</summary>
    [Function(BatchTaskNames.SendChunk)]
    public Task<ChunkResult> SendChunk([ActivityTrigger] ChunkRequest input, CancellationToken cancellationToken) =>
        sender.SendAsync(input, cancellationToken);

    /// <summary>Removes a partition's dead tokens from the registry.</summary>
    [Function(BatchTaskNames.RemoveInvalidTokens)]
    public Task<int> RemoveInvalidTokens([ActivityTrigger] PartitionInput input, CancellationToken cancellationToken) =>
        remover.RemoveAsync(input, cancellationToken);

    /// <summary>Stores a send's summary.</summary>
    [Function(BatchTaskNames.RecordBatchOutcome)]
    public async Task<bool> RecordBatchOutcome([ActivityTrigger] BatchSummary input, CancellationToken cancellationToken)
    {
        await state.RecordOutcomeAsync(input, cancellationToken);
        return true;
    }
}
