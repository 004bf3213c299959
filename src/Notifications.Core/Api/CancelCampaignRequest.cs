namespace Notifications.Core.Api;

/// <summary>
/// The body of <c>POST /api/campaigns/{id}/cancel</c>. A JSON body is required even when empty (<c>{}</c>): a
/// cross-site form cannot send one without a CORS preflight, so a signed-in person's browser cannot be made to cancel.
/// </summary>
public sealed record CancelCampaignRequest
{
    /// <summary>The longest reason kept in the audit trail.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Why, for the audit trail and the requester's email (optional).</summary>
    public string? Reason { get; init; }
}
