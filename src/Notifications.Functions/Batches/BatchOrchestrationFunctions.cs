using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Functions.Batches;

/// <summary>The batch orchestrators, handed to the class-based ones in Core (the Durable source generator is not available here).</summary>
public static class BatchOrchestrationFunctions
{
    /// <summary>The batch send.</summary>
    [Function(BatchTaskNames.SendBatch)]
    public static Task<BatchSummary> SendBatch([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new SendBatchOrchestrator().RunAsync(context, context.GetInput<BatchSendInput>()!);

    /// <summary>One planned shard of a batch send, sent.</summary>
    [Function(BatchTaskNames.SendBatchShard)]
    public static Task<BatchCounts> SendBatchShard([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new SendBatchShardOrchestrator().RunAsync(context, context.GetInput<ShardSendInput>()!);
}
