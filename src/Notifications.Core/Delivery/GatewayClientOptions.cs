using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Delivery;

/// <summary>Settings every push gateway client shares: where it is, how hard to push it, how to retry.</summary>
public abstract class GatewayClientOptions
{
    /// <summary>The gateway's base URL. Defaults point at the real Google and Apple hosts.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = null!;

    /// <summary>
    /// The most requests in flight at once across all chunks: the cap of the adaptive bound
    /// (<see cref="AdaptiveConcurrency"/>), which starts at <see cref="InitialConcurrency"/>, grows while the gateway's
    /// latency is what limits the rate, and halves when the gateway pushes back. 1,000 reaches FCM's default quota of
    /// 10,000/s at 100 ms a round trip.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 1000;

    /// <summary>Where the adaptive in-flight bound starts (at most <see cref="MaxConcurrency"/>).</summary>
    [Range(1, 10_000)]
    public int InitialConcurrency { get; set; } = 256;

    /// <summary>
    /// Requests in flight per HTTP/2 connection before another connection is used: at or below the server's own
    /// stream limit (FCM advertises 100, APNs up to 1,000, the loopback gateways 500).
    /// </summary>
    [Range(1, 1000)]
    public int StreamsPerConnection { get; set; } = 100;

    /// <summary>The most HTTP/2 connections this client opens to the gateway.</summary>
    [Range(1, 64)]
    public int MaxConnections { get; set; } = 8;

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
