namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Input of the test-push activity.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Approver">Whose devices get the test.</param>
/// <param name="Sequence">The test's number within the campaign (names its batch file).</param>
public sealed record TestPushRequest(string CampaignId, string Approver, int Sequence);
