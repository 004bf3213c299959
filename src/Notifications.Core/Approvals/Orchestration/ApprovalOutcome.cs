using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>The approval orchestration's output.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Summary">The send's summary, when it was sent.</param>
public sealed record ApprovalOutcome(string CampaignId, CampaignStatus Status, BatchSummary? Summary = null);
