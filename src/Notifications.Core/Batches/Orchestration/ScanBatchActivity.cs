using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Durable;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Validates a send's file and cuts it into shards (<see cref="BatchScanner"/>).</summary>
[DurableTask(BatchTaskNames.ScanBatch)]
public sealed class ScanBatchActivity(BatchScanner scanner, IHostApplicationLifetime? lifetime = null) : TaskActivity<PlanRequest, ScanResult>
{
    /// <inheritdoc />
    public override Task<ScanResult> RunAsync(TaskActivityContext context, PlanRequest input) => scanner.ScanAsync(input, ActivityCancellation.Of(lifetime));
}
