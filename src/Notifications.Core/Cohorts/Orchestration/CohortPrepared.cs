using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Cohorts.Orchestration;

/// <summary>What preparing a run found: its batch file and user count, or why it cannot be sent.</summary>
public sealed record CohortPrepared
{
    /// <summary>Why the run cannot be sent (query error, a value that is not a user id); null when it can.</summary>
    public string? Error { get; init; }

    /// <summary>Distinct users the query selected (0: nothing to send today).</summary>
    public long Users { get; init; }

    /// <summary>The batch file, pinned to its ETag; null when there is nothing to send.</summary>
    public BatchSendInput? Batch { get; init; }
}
