using Microsoft.Azure.Functions.Worker;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;

namespace Notifications.Functions.Batches;

/// <summary>The batch activities: one-line hand-offs to the Core services the local worker also runs.</summary>
public sealed class BatchActivityFunctions(
    BatchScanner scanner, ShardPlanner planner, WaveReleaser releaser, ChunkSender sender, InvalidTokenRemover remover, BatchStateStore state)
{
    /// <summary>Validates a send's file and cuts it into shards.</summary>
    [Function(BatchTaskNames.ScanBatch)]
    public Task<ScanResult> ScanBatch([ActivityTrigger] PlanRequest input, CancellationToken cancellationToken) =>
        scanner.ScanAsync(input, cancellationToken);

    /// <summary>Plans one shard of a send.</summary>
    [Function(BatchTaskNames.PlanShard)]
    public Task<ShardPlan> PlanShard([ActivityTrigger] ShardInput input, CancellationToken cancellationToken) =>
        planner.PlanAsync(input, cancellationToken);

    /// <summary>Releases a shard's wave held for later.</summary>
    [Function(BatchTaskNames.ReleaseWave)]
    public Task<ReleasedWave> ReleaseWave([ActivityTrigger] WaveRequest input, CancellationToken cancellationToken) =>
        releaser.ReleaseAsync(input, cancellationToken);

    /// <summary>Sends one chunk.</summary>
    [Function(BatchTaskNames.SendChunk)]
    public Task<ChunkResult> SendChunk([ActivityTrigger] ChunkRequest input, CancellationToken cancellationToken) =>
        sender.SendAsync(input, cancellationToken);

    /// <summary>Removes a shard's dead tokens from the registry.</summary>
    [Function(BatchTaskNames.RemoveInvalidTokens)]
    public Task<int> RemoveInvalidTokens([ActivityTrigger] TokenRemovalRequest input, CancellationToken cancellationToken) =>
        remover.RemoveAsync(input, cancellationToken);

    /// <summary>Stores a send's summary.</summary>
    [Function(BatchTaskNames.RecordBatchOutcome)]
    public async Task<bool> RecordBatchOutcome([ActivityTrigger] BatchSummary input, CancellationToken cancellationToken)
    {
        await state.RecordOutcomeAsync(input, cancellationToken);
        return true;
    }
}
