namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of the chunk send activity.</summary>
/// <param name="BatchId">The send.</param>
/// <param name="Source">The batch file, re-checked so a file changed mid-send stops the send.</param>
/// <param name="PlanId">The plan (its header holds the messages).</param>
/// <param name="ChunkSet">The shard planning attempt whose chunks to send (<see cref="ShardPlan.ChunkSet"/>).</param>
/// <param name="Chunk">The chunk index within the set.</param>
public sealed record ChunkRequest(string BatchId, BatchSendInput Source, string PlanId, string ChunkSet, int Chunk);
