using Microsoft.DurableTask;
using Notifications.Core.Batches.Sending;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Removes a shard's dead tokens from the registry (<see cref="InvalidTokenRemover"/>).</summary>
[DurableTask(BatchTaskNames.RemoveInvalidTokens)]
public sealed class RemoveInvalidTokensActivity(InvalidTokenRemover remover) : TaskActivity<TokenRemovalRequest, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, TokenRemovalRequest input) => remover.RemoveAsync(input);
}
