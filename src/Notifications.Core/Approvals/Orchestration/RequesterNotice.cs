using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Input of the requester-notification activity.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Detail">Who decided, or why it failed.</param>
/// <param name="Summary">The send's summary, when it was sent.</param>
public sealed record RequesterNotice(string CampaignId, CampaignStatus Outcome, string Detail, BatchSummary? Summary = null);
