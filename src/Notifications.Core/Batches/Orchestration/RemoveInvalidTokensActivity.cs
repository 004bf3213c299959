using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Durable;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Removes a shard's dead tokens from the registry (<see cref="InvalidTokenRemover"/>).</summary>
[DurableTask(BatchTaskNames.RemoveInvalidTokens)]
public sealed class RemoveInvalidTokensActivity(InvalidTokenRemover remover, IHostApplicationLifetime? lifetime = null) : TaskActivity<TokenRemovalRequest, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, TokenRemovalRequest input) => remover.RemoveAsync(input, ActivityCancellation.Of(lifetime));
}
