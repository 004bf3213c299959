namespace Notifications.Core.Approvals;

/// <summary>What an approval link does.</summary>
public enum ApprovalAction
{
    /// <summary>Approve the campaign (single use).</summary>
    Approve,

    /// <summary>Reject the campaign (single use).</summary>
    Reject,

    /// <summary>Send the proposed push to the approver's own devices (as often as wanted).</summary>
    Test,

    /// <summary>
    /// Withdraw the campaign (the requester or an approver, signed in, from its page): never a link, so a forwarded
    /// email cannot stop someone else's campaign.
    /// </summary>
    Cancel,
}
