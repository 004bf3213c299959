namespace Notifications.Core.Approvals;

/// <summary>An approver's three signed links, as they appear in their email.</summary>
/// <param name="Approve">Opens the approve page.</param>
/// <param name="Reject">Opens the reject page (with a reason).</param>
/// <param name="Test">Opens the test page (reusable up to the test limit).</param>
public sealed record ApprovalEmailLinks(string Approve, string Reject, string Test);
