namespace Notifications.Core.Campaigns;

/// <summary>A page of campaigns, newest first; <see cref="Older"/> is the <c>before</c> of the next page, null at the end.</summary>
public sealed record CampaignListPage(IReadOnlyList<CampaignListItem> Campaigns, string? Older);
