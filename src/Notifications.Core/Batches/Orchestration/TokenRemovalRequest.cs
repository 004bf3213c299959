namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of the dead-token removal activity: one shard's chunks.</summary>
/// <param name="BatchId">The send.</param>
/// <param name="PlanId">The plan.</param>
/// <param name="ChunkSet">The shard's chunk set.</param>
/// <param name="Chunks">Chunks in the set.</param>
public sealed record TokenRemovalRequest(string BatchId, string PlanId, string ChunkSet, int Chunks);
