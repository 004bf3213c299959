namespace Notifications.Core.Approvals.Orchestration;

/// <summary>An approver's click, raised as an external event by the link endpoint after it checked the link.</summary>
/// <param name="Action">Approve, reject or test.</param>
/// <param name="Approver">The approver the link was issued to.</param>
/// <param name="LinkId">Which link (a hash), for the audit trail.</param>
public sealed record ApprovalDecision(ApprovalAction Action, string Approver, string LinkId);
