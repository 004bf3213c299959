namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Input of the approval-email activity.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Users">Users selected.</param>
/// <param name="Approvers">Approver emails to send links to.</param>
/// <param name="ExpiresAt">When the links expire.</param>
public sealed record ApprovalEmailRequest(string CampaignId, long Users, IReadOnlyList<string> Approvers, DateTimeOffset ExpiresAt);
