namespace Notifications.Core.Campaigns;

/// <summary>Where an ad-hoc campaign is in its life.</summary>
public enum CampaignStatus
{
    /// <summary>Received; its audience query is about to run.</summary>
    Submitted,

    /// <summary>The audience query ran; approvers have been emailed.</summary>
    AwaitingApproval,

    /// <summary>Approved; waiting for its send-after time.</summary>
    Scheduled,

    /// <summary>Being sent.</summary>
    Sending,

    /// <summary>Sent; the summary is recorded.</summary>
    Sent,

    /// <summary>An approver rejected it.</summary>
    Rejected,

    /// <summary>Nobody decided before the links expired.</summary>
    Expired,

    /// <summary>The query or the send failed.</summary>
    Failed,

    /// <summary>The requester or an approver withdrew it (before or during the send).</summary>
    Cancelled,
}
