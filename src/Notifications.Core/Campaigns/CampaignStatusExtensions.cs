namespace Notifications.Core.Campaigns;

/// <summary>What a status allows.</summary>
public static class CampaignStatusExtensions
{
    /// <summary>Whether the campaign's life is over: nothing will send, change or be decided any more.</summary>
    public static bool IsFinal(this CampaignStatus status) =>
        status is CampaignStatus.Sent or CampaignStatus.Rejected or CampaignStatus.Expired or CampaignStatus.Failed or CampaignStatus.Cancelled;
}
