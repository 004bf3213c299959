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

    /// <summary>Chunks per sub-orchestration, which bounds each orchestration history however long the list.</summary>
    [Range(1, 1000)]
    public int ChunksPerPartition { get; set; } = 100;

    /// <summary>Attempts per chunk while some of its devices are still failing with retryable errors.</summary>
    [Range(1, 20)]
    public int MaxChunkAttempts { get; set; } = 4;

    /// <summary>First wait before a chunk's retry (doubles each time; a gateway's longer Retry-After wins).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ChunkRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Registry partitions read at once while planning.</summary>
    [Range(1, 256)]
    public int ResolveConcurrency { get; set; } = 32;

    /// <summary>Bytes of batch file per planning bucket: the planner holds about one bucket of users in memory.</summary>
    [Range(16 * 1024, 64 * 1024 * 1024)]
    public int PlanBucketBytes { get; set; } = 256 * 1024;
}
