using Microsoft.DurableTask;
using Notifications.Core.Batches.Sending;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Sends one chunk (<see cref="ChunkSender"/>).</summary>
[DurableTask(BatchTaskNames.SendChunk)]
public sealed class SendChunkActivity(ChunkSender sender) : TaskActivity<ChunkRequest, ChunkResult>
{
    /// <inheritdoc />
    public override Task<ChunkResult> RunAsync(TaskActivityContext context, ChunkRequest input) => sender.SendAsync(input);
}
