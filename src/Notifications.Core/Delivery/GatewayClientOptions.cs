using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Delivery;

/// <summary>Settings every push gateway client shares: where it is, how hard to push it, how to retry.</summary>
public abstract class GatewayClientOptions
{
    /// <summary>The gateway's base URL. Defaults point at the real Google and Apple hosts.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = null!;

    /// <summary>
    /// Requests in flight at once across all chunks. HTTP/2 multiplexes them over a few connections; the bound
    /// keeps a burst from opening hundreds of streams and tripping the gateway's own limits.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>Attempts per push, first try included, for retryable errors (429, 500, 503, resets).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First backoff delay; doubled each attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait spent inside one send. A gateway asking for more (Retry-After) ends the push as
    /// <see cref="DeliveryStatus.Transient"/> carrying the delay, so the durable layer can wait on a timer instead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one HTTP request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Optional PEM file of extra certificates to trust as roots for this gateway (the loopback gateways' self-signed
    /// certificate). Validation stays on: the chain must build to one of these and the host name must match.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }
}
