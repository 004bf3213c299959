using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Durable;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Releases one shard's wave held for later (<see cref="WaveReleaser"/>).</summary>
[DurableTask(BatchTaskNames.ReleaseWave)]
public sealed class ReleaseWaveActivity(WaveReleaser releaser, IHostApplicationLifetime? lifetime = null) : TaskActivity<WaveRequest, ReleasedWave>
{
    /// <inheritdoc />
    public override Task<ReleasedWave> RunAsync(TaskActivityContext context, WaveRequest input) => releaser.ReleaseAsync(input, ActivityCancellation.Of(lifetime));
}
