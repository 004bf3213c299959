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

    /// <summary>The push to send (or <see cref="Variants"/>, never both).</summary>
    public PushMessage? Message { get; init; }

    /// <summary>An A/B test instead of one message: each variant's message goes to its share of the audience.</summary>
    public IReadOnlyList<CampaignVariant>? Variants { get; init; }

    /// <summary>With <see cref="Variants"/>: the share of the audience (percent) that gets nothing, to measure against.</summary>
    public decimal? ControlPercent { get; init; }

    /// <summary>What each placeholder column's values may hold, by column (optional; defaults apply to the rest).</summary>
    public IReadOnlyDictionary<string, PlaceholderRule>? Placeholders { get; init; }

    /// <summary><c>android</c>, <c>ios</c> or both.</summary>
    public IReadOnlyList<string>? Platforms { get; init; }

    /// <summary>Not before this time (UTC), even once approved.</summary>
    public DateTimeOffset? SendAfter { get; init; }

    /// <summary>Users in their quiet hours: <c>defer</c> (held to their end; the default) or <c>skip</c>.</summary>
    public string? QuietHours { get; init; }

    /// <summary>A time of day (<c>HH:mm</c>) to push at, within 24 hours of the send.</summary>
    public string? DeliverAt { get; init; }

    /// <summary>Read <see cref="DeliverAt"/> in each user's own time zone.</summary>
    public bool? LocalTime { get; init; }

    /// <summary>At most this many pushes a minute.</summary>
    public int? MaxPerMinute { get; init; }
}
