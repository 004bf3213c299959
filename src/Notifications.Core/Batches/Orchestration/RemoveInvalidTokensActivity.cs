using Microsoft.DurableTask;
using Notifications.Core.Batches.Sending;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Removes a partition's dead tokens from the registry (<see cref="InvalidTokenRemover"/>).</summary>
[DurableTask(BatchTaskNames.RemoveInvalidTokens)]
public sealed class RemoveInvalidTokensActivity(InvalidTokenRemover remover) : TaskActivity<PartitionInput, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, PartitionInput input) => remover.RemoveAsync(input);
}
