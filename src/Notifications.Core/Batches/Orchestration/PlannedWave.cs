namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// Users of one shard held for a later time (their quiet hours' end, or a local delivery time), staged as chunk blobs
/// until then. At <see cref="At"/> the frequency cap decides them (a campaign pushed to them meanwhile counts) and the
/// rest are sent.
/// </summary>
/// <param name="At">When (UTC, a whole minute); every shard's waves with the same time go on one timer.</param>
/// <param name="ChunkSet">The staged chunk blobs' set.</param>
/// <param name="Chunks">Staged chunks.</param>
/// <param name="Users">Users held.</param>
/// <param name="Devices">Their devices.</param>
public sealed record PlannedWave(DateTime At, string ChunkSet, int Chunks, long Users, long Devices);
