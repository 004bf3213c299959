namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of the chunk send activity.</summary>
/// <param name="BatchId">The send.</param>
/// <param name="Source">The batch file, re-checked so a file changed mid-send stops the send.</param>
/// <param name="PlanId">The planning run whose chunks to send.</param>
/// <param name="Chunk">The chunk index.</param>
public sealed record ChunkRequest(string BatchId, BatchSendInput Source, string PlanId, int Chunk);
