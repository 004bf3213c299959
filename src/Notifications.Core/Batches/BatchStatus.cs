using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Batches;

/// <summary>A send's progress or result, as the status API and the local progress bar show it.</summary>
public sealed record BatchStatus
{
    /// <summary>The send's id: its orchestration instance id (<see cref="BatchInstanceIds"/>), in every page and API path of the send.</summary>
    public required string BatchId { get; init; }

    /// <summary>Durable runtime status: Pending, Running, Completed, Failed, Terminated.</summary>
    public required string RuntimeStatus { get; init; }

    /// <summary>Where the send is; in JSON <c>pending</c>, <c>scanning</c>, <c>sending</c>, <c>waiting</c>, <c>cancelling</c>, <c>removing dead tokens</c>, <c>done</c>.</summary>
    public BatchPhase Phase { get; init; } = BatchPhase.Pending;

    /// <summary>Users targeted (known once scanned).</summary>
    public long Users { get; init; }

    /// <summary>Devices to push to, in the shards planned so far (all of them once <see cref="IsPlanned"/>).</summary>
    public long Devices { get; init; }

    /// <summary>Chunks in the shards planned so far.</summary>
    public int Chunks { get; init; }

    /// <summary>Shards the send was cut into (known once scanned).</summary>
    public int Shards { get; init; }

    /// <summary>Shards planned so far; shards send while others are still planning.</summary>
    public int ShardsPlanned { get; init; }

    /// <summary>Whether every shard is planned, so <see cref="Devices"/> is the send's total.</summary>
    public bool IsPlanned => Shards > 0 && ShardsPlanned >= Shards;

    /// <summary>Running totals across partitions.</summary>
    public BatchCounts Counts { get; init; } = new();

    /// <summary>Groups held for later (quiet hours, a local delivery time) and not yet due, soonest first.</summary>
    public IReadOnlyList<WaitingGroup> Waiting { get; init; } = [];

    /// <summary>
    /// While the send is <c>waiting</c> (all that is due has been pushed, later groups wait for their time): the summary
    /// so far, with outcome <see cref="BatchOutcome.Waiting"/>.
    /// </summary>
    public BatchSummary? Interim { get; init; }

    /// <summary>The final summary, once the send has ended.</summary>
    public BatchSummary? Summary { get; init; }

    /// <summary>Whether the send has ended (any outcome).</summary>
    public bool IsFinished => Summary is not null || RuntimeStatus is "Failed" or "Terminated";
}
