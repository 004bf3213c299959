using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Batches;

/// <summary>A send's progress or result, as the status API and the local progress bar show it.</summary>
public sealed record BatchStatus
{
    /// <summary>The send.</summary>
    public required string BatchId { get; init; }

    /// <summary>Durable runtime status: Pending, Running, Completed, Failed, Terminated.</summary>
    public required string RuntimeStatus { get; init; }

    /// <summary><c>planning</c>, <c>sending</c>, <c>cancelling</c>, <c>done</c>.</summary>
    public string Phase { get; init; } = "pending";

    /// <summary>Users targeted (known once planned).</summary>
    public long Users { get; init; }

    /// <summary>Devices to push to (known once planned).</summary>
    public long Devices { get; init; }

    /// <summary>Chunks in the send.</summary>
    public int Chunks { get; init; }

    /// <summary>Running totals across partitions.</summary>
    public BatchCounts Counts { get; init; } = new();

    /// <summary>The final summary, once the send has ended.</summary>
    public BatchSummary? Summary { get; init; }

    /// <summary>Whether the send has ended (any outcome).</summary>
    public bool IsFinished => Summary is not null || RuntimeStatus is "Failed" or "Terminated";
}
