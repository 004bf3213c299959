namespace Notifications.Core.Delivery;

/// <summary>
/// The one exception callers of the gateway clients see: a gateway (or its credential endpoint) could not be
/// used. It carries the provider, the HTTP status, the gateway's reason and whether retrying later may help.
/// </summary>
public sealed class PushGatewayException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PushGatewayException(string provider, int statusCode, string reason, bool isTransient, string message, Exception? innerException = null)
        : base($"{provider}: {message} (status {statusCode}, reason {reason}, {(isTransient ? "transient" : "permanent")})", innerException)
    {
        Provider = provider;
        StatusCode = statusCode;
        Reason = reason;
        IsTransient = isTransient;
    }

    /// <summary><c>fcm</c>, <c>apns</c>, <c>google-oauth</c>, ...</summary>
    public string Provider { get; }

    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>The gateway's reason code.</summary>
    public string Reason { get; }

    /// <summary>Whether the same call may succeed later.</summary>
    public bool IsTransient { get; }
}
