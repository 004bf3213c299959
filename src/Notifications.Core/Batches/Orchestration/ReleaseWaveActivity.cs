using Microsoft.DurableTask;
using Notifications.Core.Batches.Planning;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Releases one shard's wave held for later (<see cref="WaveReleaser"/>).</summary>
[DurableTask(BatchTaskNames.ReleaseWave)]
public sealed class ReleaseWaveActivity(WaveReleaser releaser) : TaskActivity<WaveRequest, ReleasedWave>
{
    /// <inheritdoc />
    public override Task<ReleasedWave> RunAsync(TaskActivityContext context, WaveRequest input) => releaser.ReleaseAsync(input);
}
