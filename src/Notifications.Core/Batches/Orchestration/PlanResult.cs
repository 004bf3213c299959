namespace Notifications.Core.Batches.Orchestration;

/// <summary>What planning found: counts and the number of chunk blobs, or why the file cannot be sent.</summary>
public sealed record PlanResult
{
    /// <summary>Why the file cannot be sent; empty when it can.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Whether the batch can be sent.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>The campaign.</summary>
    public string CampaignId { get; init; } = string.Empty;

    /// <summary>Plan and count only.</summary>
    public bool DryRun { get; init; }

    /// <summary>Distinct users in the audience.</summary>
    public long Users { get; init; }

    /// <summary>Users held back as the experiment's control group (they get nothing).</summary>
    public long ControlUsers { get; init; }

    /// <summary>With an experiment: control first, then each variant, with users and planned devices (Sent is 0 here).</summary>
    public IReadOnlyList<ArmSummary> Arms { get; init; } = [];

    /// <summary>Users with no registered device.</summary>
    public long UsersWithoutDevices { get; init; }

    /// <summary>Distinct devices to push to.</summary>
    public long Devices { get; init; }


    /// <summary>
    /// The id of the planning run whose chunk blobs this send uses. Each run writes under its own prefix, so a
    /// duplicated planning activity can never rewrite chunks that are already being sent.
    /// </summary>
    public string PlanId { get; init; } = string.Empty;

    /// <summary>Chunk blobs written.</summary>
    public int Chunks { get; init; }

    /// <summary>Chunks per partition sub-orchestration (from <see cref="BatchOptions"/> at planning time).</summary>
    public int ChunksPerPartition { get; init; } = 100;

    /// <summary>Attempts per chunk.</summary>
    public int MaxChunkAttempts { get; init; } = 4;

    /// <summary>First wait before a chunk retry, in seconds.</summary>
    public double ChunkRetryDelaySeconds { get; init; } = 10;

    /// <summary>A plan that found problems.</summary>
    public static PlanResult Invalid(IReadOnlyList<string> problems) => new() { Problems = problems };
}
