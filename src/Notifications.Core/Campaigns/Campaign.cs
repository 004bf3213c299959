using Notifications.Core.Batches.Files;
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

    /// <summary>
    /// The push the selected users get, as the requester wrote it; the draft batch file carries it as its message. Null
    /// for an A/B test (<see cref="Variants"/>).
    /// </summary>
    public PushMessage? Message { get; init; }

    /// <summary>An A/B test's arms, each with its share and message; null for a single message.</summary>
    public IReadOnlyList<ExperimentVariant>? Variants { get; init; }

    /// <summary>With <see cref="Variants"/>: the share (percent) of the audience that gets nothing.</summary>
    public decimal ControlPercent { get; init; }

    /// <summary>What each placeholder column's values may hold, as the request said (defaults for the rest).</summary>
    public IReadOnlyDictionary<string, PlaceholderRule>? Placeholders { get; init; }

    /// <summary>The messages sent, in arm order (the single message alone without variants).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<PushMessage> Messages => Variants is { Count: > 0 } variants ? variants.Select(v => v.Message).ToList() : [Message!];

    /// <summary>The rule for <paramref name="column"/>'s values: the request's, or the defaults.</summary>
    public PlaceholderRule RuleFor(string column) =>
        Placeholders?.TryGetValue(column, out var rule) == true && rule is not null ? rule : new PlaceholderRule();

    /// <summary>
    /// The header of the campaign's draft batch file: its message or experiment (the campaign id is the experiment id),
    /// its send options, and the columns the placeholders name.
    /// </summary>
    public BatchHeader Header()
    {
        var columns = MessageForms.ColumnsOf(Messages);
        return new BatchHeader
        {
            CampaignId = Id,
            Message = Variants is { Count: > 0 } ? null : Message,
            Experiment = Variants is { Count: > 0 } variants ? new Experiment { Id = Id, Variants = variants, ControlPercent = ControlPercent } : null,
            Options = SendOptions,
            Columns = columns.Count > 0 ? columns : null,
        };
    }

    /// <summary>The platforms whose devices the campaign pushes to; the preview's device count and the send's options use them.</summary>
    public required IReadOnlyList<PushPlatform> Platforms { get; init; }

    /// <summary>The requester's display name, from their sign-in when they submitted.</summary>
    public required string RequesterName { get; init; }

    /// <summary>Requester's email.</summary>
    public required string RequesterEmail { get; init; }

    /// <summary>
    /// The requester's stable id (Entra object id), when the sign-in carried one: four eyes compares it, since one person
    /// can sign in under several email aliases.
    /// </summary>
    public string? RequesterObjectId { get; init; }

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
    public BatchSendOptions SendOptions => new()
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

    /// <summary>When the decision was recorded.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Why it was rejected, as the approver wrote it (optional).</summary>
    public string? DecisionReason { get; init; }

    /// <summary>The batch send, once started.</summary>
    public string? BatchId { get; init; }

    /// <summary>Why it failed, if it did.</summary>
    public string? Error { get; init; }
}
