namespace Notifications.Core.Batches.Orchestration;

/// <summary>A wave at its release time: the chunks to send now, and whom the frequency cap held back after all.</summary>
/// <param name="ChunkSet">The chunk set of the released devices (<c>{staged set}-r{random}</c>).</param>
/// <param name="Chunks">Chunks to send.</param>
/// <param name="Devices">Devices in them.</param>
/// <param name="Capped">Users a campaign pushed meanwhile put over the cap.</param>
public sealed record ReleasedWave(string ChunkSet, int Chunks, long Devices, long Capped);
