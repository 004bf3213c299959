using Notifications.Core.Delivery;

namespace Notifications.Core.Campaigns;

/// <summary>A stored ad-hoc campaign.</summary>
public sealed record Campaign
{
    /// <summary>The campaign id (also its approval orchestration's instance id and the batch's campaign id).</summary>
    public required string Id { get; init; }

    /// <summary>The campaign's name as the requester gave it: lists, emails and the audit trail show it.</summary>
    public required string Title { get; init; }

    /// <summary>The audience query as the requester wrote it, in the configured engine's SQL; it selects whom the campaign reaches.</summary>
    public required string AudienceQuery { get; init; }

    /// <summary>The push the selected users get, as the requester wrote it; the draft batch file carries it as its message.</summary>
    public required PushMessage Message { get; init; }

    /// <summary>The platforms whose devices the campaign pushes to; the preview's device count and the send's options use them.</summary>
    public required IReadOnlyList<PushPlatform> Platforms { get; init; }

    /// <summary>The requester's display name, from their sign-in when they submitted.</summary>
    public required string RequesterName { get; init; }

    /// <summary>Requester's email.</summary>
    public required string RequesterEmail { get; init; }

    /// <summary>Not before this time.</summary>
    public DateTimeOffset? SendAfter { get; init; }

    /// <summary>Users in their quiet hours: held to their end (null: the configured default) or skipped.</summary>
    public Timing.QuietHoursMode? QuietHours { get; init; }

    /// <summary>A time of day (<c>HH:mm</c>) to push at, within 24 hours of the send.</summary>
    public string? DeliverAt { get; init; }

    /// <summary>Read <see cref="DeliverAt"/> in each user's own time zone.</summary>
    public bool LocalTime { get; init; }

    /// <summary>At most this many pushes a minute.</summary>
    public int? MaxPerMinute { get; init; }

    /// <summary>The batch options the campaign's send carries.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Batches.Files.BatchSendOptions SendOptions => new()
    {
        Platforms = Platforms, QuietHours = QuietHours, DeliverAt = DeliverAt, LocalTime = LocalTime, MaxPerMinute = MaxPerMinute,
    };

    /// <summary>When it was submitted.</summary>
    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Where the campaign is in its approval and send, updated by each step of its approval orchestration.</summary>
    public CampaignStatus Status { get; init; }

    /// <summary>Users the query selected (known before approval).</summary>
    public long? Users { get; init; }

    /// <summary>Devices those users have on the campaign's platforms (known before approval).</summary>
    public long? Devices { get; init; }

    /// <summary>Whether <see cref="Devices"/> is scaled up from a sample of the users rather than counted for each.</summary>
    public bool DevicesEstimated { get; init; }

    /// <summary>Who decided (approver email), once decided.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The batch send, once started.</summary>
    public string? BatchId { get; init; }

    /// <summary>Why it failed, if it did.</summary>
    public string? Error { get; init; }
}
