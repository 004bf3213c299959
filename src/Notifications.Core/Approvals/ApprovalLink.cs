namespace Notifications.Core.Approvals;

/// <summary>What a signed approval link says.</summary>
/// <param name="CampaignId">The campaign (its approval orchestration's instance id).</param>
/// <param name="Action">What the link does.</param>
/// <param name="Approver">The approver it was issued to.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="Nonce">128 random bits that make each issued link distinct.</param>
public sealed record ApprovalLink(string CampaignId, ApprovalAction Action, string Approver, DateTimeOffset ExpiresAt, string Nonce)
{
    /// <summary>Whether the link may be used more than once (up to the test-send limit).</summary>
    public bool IsReusable => Action == ApprovalAction.Test;

    /// <summary>
    /// The link's id in the audit trail and its one-use marker: the nonce, which the signature covers, so every
    /// spelling of a token that verifies is the same link.
    /// </summary>
    public string Id => Nonce;
}
