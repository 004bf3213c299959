namespace Notifications.Core.Campaigns;

/// <summary>What a list shows of a campaign: enough to find it, with its page at <c>/campaigns/{Id}</c>.</summary>
public sealed record CampaignListItem(
    string Id, string Title, CampaignStatus Status, DateTimeOffset SubmittedAt, string RequesterName, long? Users, string? BatchId);
