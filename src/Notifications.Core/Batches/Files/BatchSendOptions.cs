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

    /// <summary>Only devices of these platforms (default: both).</summary>
    public IReadOnlyList<PushPlatform>? Platforms { get; init; }
}
