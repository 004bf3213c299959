using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>What preparing a campaign found: the user count and the draft batch file, or why it cannot go on.</summary>
public sealed record PreparedCampaign
{
    /// <summary>Why the campaign cannot be sent (query error, no users); null when it can.</summary>
    public string? Error { get; init; }

    /// <summary>Distinct users the query selected.</summary>
    public long Users { get; init; }

    /// <summary>The draft batch file, pinned to the version the approvers are shown.</summary>
    public BatchSendInput? Draft { get; init; }

    /// <summary>
    /// What an approval covers: the digest of the draft's forms and values (<see cref="Review.ApprovalDigest"/>). The
    /// decision must carry it, and the send refuses a file that does not give it.
    /// </summary>
    public string? Digest { get; init; }

    /// <summary>Who asked (email): the one person besides the approvers who may cancel.</summary>
    public string? Requester { get; init; }

    /// <summary>The requester's object id, when their sign-in carried one.</summary>
    public string? RequesterObjectId { get; init; }

    /// <summary>The approvers at the time of the request (emails).</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>The approvers' object ids, in the order of <see cref="Approvers"/> (null where not configured).</summary>
    public IReadOnlyList<string?> ApproverObjectIds { get; init; } = [];

    /// <summary>How long the links stay valid, in seconds.</summary>
    public double LinkLifetimeSeconds { get; init; }

    /// <summary>Test sends each approver may ask for; 0 (a flow started before the limit existed) means unlimited.</summary>
    public int MaxTestSendsPerApprover { get; init; }

    /// <summary>Not before this time.</summary>
    public DateTimeOffset? SendAfter { get; init; }
}
