namespace Notifications.Core.Batches.Orchestration;

/// <summary>What planning one shard found: its counts and the chunk blobs it wrote.</summary>
public sealed record ShardPlan
{
    /// <summary>The shard's number from the scan, which names its blobs (<c>shards/{shard:D4}</c>) and prefixes its <see cref="ChunkSet"/>.</summary>
    public int Shard { get; init; }

    /// <summary>
    /// The planning attempt whose chunk blobs the send uses (<c>s{shard}-{random}</c>). The first attempt to commit
    /// wins; a duplicated attempt writes under its own name, so it never rewrites chunks that are being sent.
    /// </summary>
    public string ChunkSet { get; init; } = string.Empty;

    /// <summary>Users in the shard.</summary>
    public long Users { get; init; }

    /// <summary>Users held back as the experiment's control group.</summary>
    public long ControlUsers { get; init; }

    /// <summary>Users with no registered device.</summary>
    public long UsersWithoutDevices { get; init; }

    /// <summary>Users skipped because the frequency cap says they had enough pushes lately.</summary>
    public long Capped { get; init; }

    /// <summary>Users held for the end of their quiet hours (also counted in <see cref="Waves"/>).</summary>
    public long Deferred { get; init; }

    /// <summary>Users not pushed because the send reached them in their quiet hours (skip, or deferred past the time to live).</summary>
    public long QuietSkipped { get; init; }

    /// <summary>Users held for a later time, by release time: not in <see cref="Devices"/> or <see cref="Chunks"/>.</summary>
    public IReadOnlyList<PlannedWave> Waves { get; init; } = [];

    /// <summary>Distinct devices to push to now.</summary>
    public long Devices { get; init; }

    /// <summary>Chunk blobs written under <see cref="ChunkSet"/> for pushing now (waves held for later have their own).</summary>
    public int Chunks { get; init; }

    /// <summary>Users per variant (index = variant; one entry without an experiment).</summary>
    public IReadOnlyList<long> ArmUsers { get; init; } = [];

    /// <summary>Devices to push to now, per variant, indexed as <see cref="ArmUsers"/> is.</summary>
    public IReadOnlyList<long> ArmDevices { get; init; } = [];
}
