namespace Notifications.Core.Batches.Orchestration;

/// <summary>A shard sub-orchestration's custom status while it runs (plan null until planned) and its output.</summary>
/// <param name="Plan">What planning the shard found.</param>
/// <param name="Counts">Totals of its finished chunks.</param>
public sealed record ShardOutcome(ShardPlan? Plan, BatchCounts Counts);
