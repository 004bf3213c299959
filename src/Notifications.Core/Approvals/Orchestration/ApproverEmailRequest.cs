namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Input of the activity that emails one approver their links.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Users">Users selected.</param>
/// <param name="Approver">The approver's email.</param>
/// <param name="ExpiresAt">When the links expire.</param>
public sealed record ApproverEmailRequest(string CampaignId, long Users, string Approver, DateTimeOffset ExpiresAt);
