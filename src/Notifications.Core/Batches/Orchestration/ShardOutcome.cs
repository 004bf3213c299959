namespace Notifications.Core.Batches.Orchestration;

/// <summary>A shard send's custom status while it runs, and its output.</summary>
/// <param name="Plan">What planning the shard found.</param>
/// <param name="Counts">Totals of its finished chunks.</param>
public sealed record ShardOutcome(ShardPlan Plan, BatchCounts Counts);
