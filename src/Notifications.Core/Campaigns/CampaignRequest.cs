using Notifications.Core.Delivery;

namespace Notifications.Core.Campaigns;

/// <summary>
/// An ad-hoc campaign as marketing asks for it (body of <c>POST /api/campaigns</c> and of the form). Who asks is not
/// part of it: the requester is the signed-in person, whatever a body says.
/// </summary>
public sealed record CampaignRequest
{
    /// <summary>What the campaign is, for people (shown in emails and the audit trail).</summary>
    public string? Title { get; init; }

    /// <summary>The audience query (SQL returning a <c>user_id</c> column).</summary>
    public string? AudienceQuery { get; init; }

    /// <summary>The push to send.</summary>
    public PushMessage? Message { get; init; }

    /// <summary><c>android</c>, <c>ios</c> or both.</summary>
    public IReadOnlyList<string>? Platforms { get; init; }

    /// <summary>Not before this time (UTC), even once approved.</summary>
    public DateTimeOffset? SendAfter { get; init; }
}
