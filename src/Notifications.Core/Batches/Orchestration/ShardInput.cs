namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of a shard sub-orchestration (and of its planning activity): which shard of which plan.</summary>
/// <param name="BatchId">The send.</param>
/// <param name="Source">The batch file.</param>
/// <param name="PlanId">The scan's plan.</param>
/// <param name="Shard">The shard.</param>
/// <param name="Date">The send's date (UTC), for the exposure log.</param>
/// <param name="DryRun">Plan and count only.</param>
/// <param name="MaxAttempts">Attempts per chunk.</param>
/// <param name="RetryDelaySeconds">First wait before a chunk retry.</param>
/// <param name="PlannedAt">
/// The orchestrator's clock when the scan ended: every shard reads quiet hours and delivery times from this one instant,
/// so a retried plan decides the same.
/// </param>
public sealed record ShardInput(
    string BatchId, BatchSendInput Source, string PlanId, int Shard, DateOnly Date, bool DryRun, int MaxAttempts, double RetryDelaySeconds,
    DateTime PlannedAt = default);
