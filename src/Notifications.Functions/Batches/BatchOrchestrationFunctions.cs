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

    /// <summary>One partition of a batch send.</summary>
    [Function(BatchTaskNames.SendBatchPartition)]
    public static Task<BatchCounts> SendBatchPartition([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new SendBatchPartitionOrchestrator().RunAsync(context, context.GetInput<PartitionInput>()!);
}
