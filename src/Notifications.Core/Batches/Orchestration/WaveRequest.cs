namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of the release of one shard's wave.</summary>
/// <param name="Shard">The shard and its send.</param>
/// <param name="Wave">The wave's index in the shard's plan.</param>
/// <param name="Planned">The wave as planned.</param>
public sealed record WaveRequest(ShardInput Shard, int Wave, PlannedWave Planned);
