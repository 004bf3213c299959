namespace Notifications.Core.Batches.Orchestration;

/// <summary>One shard's wave: <see cref="ShardPlan.Waves"/>[<paramref name="Wave"/>] of shard <paramref name="Shard"/>.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Wave">The wave's index in the shard's plan.</param>
public sealed record WaveRef(int Shard, int Wave);
