namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of a partition sub-orchestration: a range of chunk indexes.</summary>
/// <param name="BatchId">The send.</param>
/// <param name="Source">The batch file.</param>
/// <param name="PlanId">The planning run whose chunks to send.</param>
/// <param name="FirstChunk">First chunk index.</param>
/// <param name="ChunkCount">Chunks in this partition.</param>
/// <param name="MaxAttempts">Attempts per chunk.</param>
/// <param name="RetryDelaySeconds">First wait before a chunk retry.</param>
public sealed record PartitionInput(string BatchId, BatchSendInput Source, string PlanId, int FirstChunk, int ChunkCount, int MaxAttempts, double RetryDelaySeconds);
