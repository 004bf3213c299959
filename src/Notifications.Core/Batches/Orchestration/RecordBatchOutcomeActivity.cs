using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Durable;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Stores a send's summary in the batches table.</summary>
[DurableTask(BatchTaskNames.RecordBatchOutcome)]
public sealed class RecordBatchOutcomeActivity(BatchStateStore state, IHostApplicationLifetime? lifetime = null) : TaskActivity<BatchSummary, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, BatchSummary input)
    {
        await state.RecordOutcomeAsync(input, ActivityCancellation.Of(lifetime));
        return true;
    }
}
