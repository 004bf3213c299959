namespace Notifications.Core.Batches.Orchestration;

/// <summary>Running totals of a partition or a whole send; also its custom status while it runs.</summary>
public sealed record BatchCounts
{
    /// <summary>Dead tokens removed from the registry.</summary>
    public long TokensRemoved { get; init; }

    /// <summary>Chunks finished (any outcome).</summary>
    public int ChunksDone { get; init; }

    /// <summary>Pushes a gateway accepted, summed from the chunks' final outcomes.</summary>
    public long Sent { get; init; }

    /// <summary>Outcomes by message variant (index = variant).</summary>
    public IReadOnlyList<OutcomeCounts> ByVariant { get; init; } = [];

    /// <summary>Outcomes by platform (index = <see cref="Delivery.PushPlatform"/>).</summary>
    public IReadOnlyList<OutcomeCounts> ByPlatform { get; init; } = [];

    /// <summary>Pushes refused because the device's token is dead; those tokens are removed from the registry after the send.</summary>
    public long Invalid { get; init; }

    /// <summary>Pushes a gateway refused for a reason retrying cannot fix (payload or configuration), other than a dead token.</summary>
    public long Rejected { get; init; }

    /// <summary>Pushes that still failed after every retry, or were never attempted (cancel, fatal error).</summary>
    public long Failed { get; init; }

    /// <summary>Devices with an outcome so far: delivered, dead, refused or given up on.</summary>
    public long Finished => Sent + Invalid + Rejected + Failed;

    /// <summary>Chunks that ended with an error.</summary>
    public int ChunksWithErrors { get; init; }

    /// <summary>Chunks skipped because of a cancel.</summary>
    public int ChunksCancelled { get; init; }

    /// <summary>Devices of waves released so far (held for later at planning, so not in the plan's devices).</summary>
    public long WaveDevices { get; init; }

    /// <summary>Users of waves released so far whom the frequency cap held back at release.</summary>
    public long WaveCapped { get; init; }

    /// <summary>The first chunk error seen.</summary>
    public string? FirstError { get; init; }

    /// <summary>Adds one chunk's final result.</summary>
    public BatchCounts Add(ChunkResult chunk) => this with
    {
        ChunksDone = ChunksDone + 1,
        Sent = Sent + chunk.Sent,
        ByVariant = OutcomeCounts.Sum(ByVariant, chunk.ByVariant),
        ByPlatform = OutcomeCounts.Sum(ByPlatform, chunk.ByPlatform),
        Invalid = Invalid + chunk.Invalid,
        Rejected = Rejected + chunk.Rejected,
        Failed = Failed + chunk.Failed,
        ChunksWithErrors = ChunksWithErrors + (chunk.Error is null ? 0 : 1),
        ChunksCancelled = ChunksCancelled + (chunk.Cancelled ? 1 : 0),
        FirstError = FirstError ?? chunk.Error,
    };

    /// <summary>Adds another partition's totals.</summary>
    public BatchCounts Add(BatchCounts other) => this with
    {
        ChunksDone = ChunksDone + other.ChunksDone,
        Sent = Sent + other.Sent,
        ByVariant = OutcomeCounts.Sum(ByVariant, other.ByVariant),
        ByPlatform = OutcomeCounts.Sum(ByPlatform, other.ByPlatform),
        Invalid = Invalid + other.Invalid,
        Rejected = Rejected + other.Rejected,
        Failed = Failed + other.Failed,
        ChunksWithErrors = ChunksWithErrors + other.ChunksWithErrors,
        ChunksCancelled = ChunksCancelled + other.ChunksCancelled,
        TokensRemoved = TokensRemoved + other.TokensRemoved,
        WaveDevices = WaveDevices + other.WaveDevices,
        WaveCapped = WaveCapped + other.WaveCapped,
        FirstError = FirstError ?? other.FirstError,
    };
}
