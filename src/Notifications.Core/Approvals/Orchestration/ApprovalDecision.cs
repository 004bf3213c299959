using Notifications.Core.Approvals.Testing;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>An approver's click, raised as an external event by the link endpoint after it checked the link.</summary>
/// <param name="Action">Approve, reject or test.</param>
/// <param name="Approver">The approver the link was issued to.</param>
/// <param name="LinkId">Which link (a hash), for the audit trail.</param>
public sealed record ApprovalDecision(ApprovalAction Action, string Approver, string LinkId)
{
    /// <summary>The approver's (or canceller's) object id, when known.</summary>
    public string? ApproverObjectId { get; init; }

    /// <summary>For approve: the digest of what the approval page showed (<see cref="Review.CampaignReview.Digest"/>).</summary>
    public string? Digest { get; init; }

    /// <summary>For reject (optional): why, as the approver wrote it; the requester's email and the audit trail carry it.</summary>
    public string? Reason { get; init; }

    /// <summary>For test: which form to send to whom.</summary>
    public TestPushChoice? Test { get; init; }

    /// <summary>For test: the result the test page reads (the claimed slot's id).</summary>
    public string? TestId { get; init; }
}
