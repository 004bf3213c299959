using Microsoft.DurableTask;
using Notifications.Core.Batches.Planning;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Validates a send's file and cuts it into shards (<see cref="BatchScanner"/>).</summary>
[DurableTask(BatchTaskNames.ScanBatch)]
public sealed class ScanBatchActivity(BatchScanner scanner) : TaskActivity<PlanRequest, ScanResult>
{
    /// <inheritdoc />
    public override Task<ScanResult> RunAsync(TaskActivityContext context, PlanRequest input) => scanner.ScanAsync(input);
}
