using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Durable;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Sends one chunk (<see cref="ChunkSender"/>).</summary>
[DurableTask(BatchTaskNames.SendChunk)]
public sealed class SendChunkActivity(ChunkSender sender, IHostApplicationLifetime? lifetime = null) : TaskActivity<ChunkRequest, ChunkResult>
{
    /// <inheritdoc />
    public override Task<ChunkResult> RunAsync(TaskActivityContext context, ChunkRequest input) => sender.SendAsync(input, ActivityCancellation.Of(lifetime));
}
