using System.Text.Json.Serialization;
using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Files;

/// <summary>The <c>options</c> of a batch file.</summary>
public sealed record BatchSendOptions
{
    /// <summary>Plan and count, send nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Overrides every message's time-to-live.</summary>
    [JsonConverter(typeof(JsonStringTimeSpanConverter))]
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>Overrides every message's priority.</summary>
    public PushPriority? Priority { get; init; }

    /// <summary>
    /// A message the user asked for (a receipt, a security notice), not marketing: the frequency cap neither stops it
    /// nor counts it. Approvers' test sends are transactional too.
    /// </summary>
    public bool Transactional { get; init; }

    /// <summary>
    /// What to do with users in their quiet hours (<see cref="Timing.QuietHoursOptions"/>): <c>defer</c> (push when
    /// they end) or <c>skip</c>; <c>ignore</c> pushes regardless. Default: the configured mode, or <c>ignore</c> for a
    /// transactional send.
    /// </summary>
    public Timing.QuietHoursMode? QuietHours { get; init; }

    /// <summary>
    /// A time of day (<c>HH:mm</c>) to push at, within the next 24 hours: in each user's own time zone with
    /// <see cref="LocalTime"/>, otherwise in the configured default zone.
    /// </summary>
    public string? DeliverAt { get; init; }

    /// <summary>Read <see cref="DeliverAt"/> in each user's time zone: each zone's group is pushed at that wall time.</summary>
    public bool LocalTime { get; init; }

    /// <summary>
    /// At most this many pushes a minute for this send, across every worker of the task hub (to spare the app's own
    /// backend everyone opening it at once).
    /// </summary>
    public int? MaxPerMinute { get; init; }

    /// <summary>Only devices of these platforms (default: both).</summary>
    public IReadOnlyList<PushPlatform>? Platforms { get; init; }
}
