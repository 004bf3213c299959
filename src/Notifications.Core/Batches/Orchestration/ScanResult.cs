namespace Notifications.Core.Batches.Orchestration;

/// <summary>What the scan of a batch file found: counts and the shards to plan, or why the file cannot be sent.</summary>
public sealed record ScanResult
{
    /// <summary>Why the file cannot be sent; empty when it can.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Whether the batch can be sent.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>The campaign id from the file's header, which the send's pushes collapse on and its outcome events are kept under.</summary>
    public string CampaignId { get; init; } = string.Empty;

    /// <summary>Whether the file asked for a dry run: the send is planned and counted, and nothing is pushed.</summary>
    public bool DryRun { get; init; }

    /// <summary>Distinct users in the audience (the scan refuses a file that lists one twice).</summary>
    public long Users { get; init; }

    /// <summary>Distinct explicit devices in the audience.</summary>
    public long ExplicitDevices { get; init; }

    /// <summary>
    /// The id of the plan: its header and shard blobs live under <c>{batchId}/{planId}/</c>, so a duplicated scan
    /// never rewrites what a running send reads.
    /// </summary>
    public string PlanId { get; init; } = string.Empty;

    /// <summary>Shard blobs written, each planned and sent by its own sub-orchestration.</summary>
    public int Shards { get; init; }

    /// <summary>With an experiment: the variant names, in order (control is not a variant).</summary>
    public IReadOnlyList<string> Variants { get; init; } = [];

    /// <summary>Shards planned and sent at once (from <see cref="BatchOptions"/> at scan time).</summary>
    public int ShardsInFlight { get; init; } = 16;

    /// <summary>Shards planned at once (from <see cref="BatchOptions"/> at scan time).</summary>
    public int PlansInFlight { get; init; } = 4;

    /// <summary>How many times a chunk is tried before its unsent pushes count as failed (from <see cref="BatchOptions"/> at scan time).</summary>
    public int MaxChunkAttempts { get; init; } = 4;

    /// <summary>First wait before a chunk retry, in seconds.</summary>
    public double ChunkRetryDelaySeconds { get; init; } = 10;

    /// <summary>A scan that found problems.</summary>
    public static ScanResult Invalid(IReadOnlyList<string> problems) => new() { Problems = problems };
}
