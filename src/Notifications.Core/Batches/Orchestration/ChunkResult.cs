namespace Notifications.Core.Batches.Orchestration;

/// <summary>A chunk's state after a send attempt, counted over all its devices (earlier attempts included).</summary>
public sealed record ChunkResult
{
    /// <summary>Devices in the chunk.</summary>
    public int Devices { get; init; }

    /// <summary>Delivered (in this or an earlier attempt).</summary>
    public int Sent { get; init; }

    /// <summary>Outcomes by message variant (index = variant; one entry without an experiment).</summary>
    public IReadOnlyList<OutcomeCounts> ByVariant { get; init; } = [];

    /// <summary>Outcomes by platform (index = <see cref="Delivery.PushPlatform"/>).</summary>
    public IReadOnlyList<OutcomeCounts> ByPlatform { get; init; } = [];

    /// <summary>Dead tokens, removed from the registry.</summary>
    public int Invalid { get; init; }

    /// <summary>Refused by the gateway for a reason retrying cannot fix.</summary>
    public int Rejected { get; init; }

    /// <summary>Not delivered yet: retryable failures, or not attempted.</summary>
    public int Failed { get; init; }

    /// <summary>Devices skipped because an earlier attempt already finished them.</summary>
    public int AlreadyDone { get; init; }

    /// <summary>The send was cancelled before this chunk pushed.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Why the chunk could not (fully) run, e.g. bad credentials or a changed batch file.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// A send-rate limit let only part of the chunk (or none) go now: the rest waits for
    /// <see cref="RetryAfterSeconds"/> and is sent then, without counting as a failed attempt.
    /// </summary>
    public bool Throttled { get; init; }

    /// <summary>Whether retrying the chunk later may help.</summary>
    public bool Retryable { get; init; }

    /// <summary>The longest wait a gateway asked for, in seconds.</summary>
    public double RetryAfterSeconds { get; init; }
}
