using Microsoft.DurableTask;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Stores a send's summary in the batches table.</summary>
[DurableTask(BatchTaskNames.RecordBatchOutcome)]
public sealed class RecordBatchOutcomeActivity(BatchStateStore state) : TaskActivity<BatchSummary, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, BatchSummary input)
    {
        await state.RecordOutcomeAsync(input, CancellationToken.None);
        return true;
    }
}
