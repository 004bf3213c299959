namespace Notifications.Core.Campaigns;

/// <summary>What a status allows.</summary>
public static class CampaignStatusExtensions
{
    /// <summary>Whether the campaign's life is over: nothing will send, change or be decided any more.</summary>
    public static bool IsFinal(this CampaignStatus status) =>
        status is CampaignStatus.Sent or CampaignStatus.Rejected or CampaignStatus.Expired or CampaignStatus.Failed or CampaignStatus.Cancelled;

    /// <summary>The status in words, as the pages, the API's messages and the list filter say it.</summary>
    public static string ToText(this CampaignStatus status) => status switch
    {
        CampaignStatus.Submitted => "Submitted",
        CampaignStatus.AwaitingApproval => "Awaiting approval",
        CampaignStatus.Scheduled => "Approved, scheduled",
        CampaignStatus.Sending => "Sending",
        CampaignStatus.Sent => "Sent",
        CampaignStatus.Rejected => "Rejected",
        CampaignStatus.Expired => "Expired unanswered",
        CampaignStatus.Failed => "Failed",
        CampaignStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };
}
