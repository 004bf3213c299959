namespace Notifications.Core.Delivery;

/// <summary>The result of one push after the client's retries.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Reason">The gateway's reason code (FCM <c>errorCode</c>/<c>status</c>, APNs <c>reason</c>), or null when delivered.</param>
/// <param name="HttpStatus">The last HTTP status seen, or 0 when no response arrived (connection failure).</param>
/// <param name="Attempts">How many requests were made.</param>
/// <param name="RetryAfter">For <see cref="DeliveryStatus.Transient"/>: how long the gateway asked the caller to wait.</param>
public readonly record struct PushOutcome(
    DeliveryStatus Status,
    string? Reason,
    int HttpStatus,
    int Attempts,
    TimeSpan? RetryAfter = null)
{
    /// <summary>A delivered push.</summary>
    public static PushOutcome Delivered(int attempts) => new(DeliveryStatus.Delivered, null, 200, attempts);
}
