using Notifications.Core.Delivery;

namespace Notifications.Core.Campaigns;

/// <summary>
/// One arm of an ad-hoc A/B test (<c>variants[i]</c> of a request): a name, its share of the audience and its own
/// message, translations included. Users are assigned by a stable hash of the campaign id and their user id.
/// </summary>
public sealed record CampaignVariant
{
    /// <summary>Short name shown to approvers and carried by every push of the arm (<c>a</c>, <c>friends-copy</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Share of the audience, in percent, two decimals at most.</summary>
    public decimal? Percent { get; init; }

    /// <summary>What this arm receives.</summary>
    public PushMessage? Message { get; init; }
}
