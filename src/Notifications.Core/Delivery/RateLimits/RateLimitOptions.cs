using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Delivery.RateLimits;

/// <summary>
/// Send-rate ceilings across every worker of the task hub (section <c>RateLimits</c>). A send may ask for a lower rate
/// of its own (<c>options.maxPerMinute</c>).
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RateLimits";

    /// <summary>Pushes a minute across every send and worker: FCM's default project quota is 600,000. 0: no ceiling.</summary>
    [Range(0, 100_000_000)]
    public int GlobalPerMinute { get; set; } = 600_000;
}
