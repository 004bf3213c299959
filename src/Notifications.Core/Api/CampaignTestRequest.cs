using Notifications.Core.Campaigns;

namespace Notifications.Core.Api;

/// <summary>
/// Body of <c>POST /api/campaigns/tests</c>: the request form's campaign as it stands (before submitting), which of its
/// forms to send, and to whom.
/// </summary>
public sealed record CampaignTestRequest
{
    /// <summary>The campaign request as the form would submit it (its message or variants, platforms, placeholders).</summary>
    public CampaignRequest? Campaign { get; init; }

    /// <summary>An allow-listed test user; null for the requester's own devices (an approver with an app user configured).</summary>
    public string? TestUserId { get; init; }

    /// <summary>The variant (index; 0 for a single message).</summary>
    public int Arm { get; init; }

    /// <summary>The language of the form (a locale of that variant's message); null for the default.</summary>
    public string? Locale { get; init; }
}
