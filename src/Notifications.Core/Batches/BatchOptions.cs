using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Batches;

/// <summary>How batch sends are cut up and retried (section <c>Batches</c>).</summary>
public sealed class BatchOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Batches";

    /// <summary>Devices per chunk, i.e. per send activity (the Firebase Admin SDKs' sendEach limit).</summary>
    [Range(1, 500)]
    public int ChunkSize { get; set; } = 500;

    /// <summary>
    /// Bytes of batch file per shard (about 18,000 users at the default): the unit one planning activity resolves
    /// and one sub-orchestration sends, so it bounds every activity's work and every history however long the list.
    /// Rounded so a shard is a whole number of registry partitions; a file has at most 1,024 shards.
    /// </summary>
    [Range(64, 64 * 1024 * 1024)]
    public int ShardBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Planned shards sending at once (each a sub-orchestration running all its chunks). Enough to keep every
    /// worker of the task hub busy.
    /// </summary>
    [Range(1, 1024)]
    public int ShardsInFlight { get; set; } = 16;

    /// <summary>
    /// Shards being planned at once across the task hub. Planning is bound by the registry's read rate, so more
    /// plans at once only make each slower, hold more registrations in memory, and keep the activity slots the first
    /// chunks need; planned shards queue (as blobs) for a send slot. With a registry sharded over several accounts in
    /// Azure, raise it to keep every account busy (<c>docs/scale.md</c>).
    /// </summary>
    [Range(1, 256)]
    public int PlansInFlight { get; set; } = 4;

    /// <summary>Attempts per chunk while some of its devices are still failing with retryable errors.</summary>
    [Range(1, 20)]
    public int MaxChunkAttempts { get; set; } = 4;

    /// <summary>First wait before a chunk's retry (doubles each time; a gateway's longer Retry-After wins).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ChunkRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a worker stores the outcomes its chunks have received, all chunks of a send in one transaction. A
    /// worker that dies loses what arrived since the last flush, and a resumed chunk pushes those devices again; a
    /// shorter interval is a smaller duplicate window for more storage transactions (one per send per interval).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:00:05")]
    public TimeSpan LedgerFlushInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Registry partitions one shard's planner reads at once.</summary>
    [Range(1, 256)]
    public int ResolveConcurrency { get; set; } = 32;
}
