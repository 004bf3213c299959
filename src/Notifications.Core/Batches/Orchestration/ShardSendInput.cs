namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of a shard's send sub-orchestration: the shard and the plan its planning activity committed.</summary>
/// <param name="Shard">Which shard of which send.</param>
/// <param name="Plan">Its plan (chunk set and chunk count, counts; a few hundred bytes).</param>
/// <param name="Wave">
/// Null: the devices the plan pushes with the send. Otherwise the index of a wave of <see cref="ShardPlan.Waves"/>,
/// due now: it is released (the cap decides its users) and its chunks sent.
/// </param>
public sealed record ShardSendInput(ShardInput Shard, ShardPlan Plan, int? Wave = null);
