namespace Notifications.Core;

/// <summary>
/// What every external provider client throws (push gateways, email, audience engines): which provider, the status
/// it answered, its reason code and whether the same call may succeed later. Callers decide retry or stop on
/// <see cref="IsTransient"/> alone, whatever the provider.
/// </summary>
public abstract class ProviderException : Exception
{
    /// <summary>Creates the exception; subclasses phrase <paramref name="message"/> for the caller, and <paramref name="isTransient"/> alone decides a retry.</summary>
    protected ProviderException(string provider, int statusCode, string reason, bool isTransient, string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = provider;
        StatusCode = statusCode;
        Reason = reason;
        IsTransient = isTransient;
    }

    /// <summary>The provider, e.g. <c>fcm</c>, <c>apns</c>, <c>google-oauth</c>, <c>acs</c>, <c>smtp</c>, <c>bigquery</c>.</summary>
    public string Provider { get; }

    /// <summary>The HTTP or SMTP status, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>The provider's reason code.</summary>
    public string Reason { get; }

    /// <summary>Whether the same call may succeed later.</summary>
    public bool IsTransient { get; }

    /// <summary>The usual message: provider, text, then status, reason and transience.</summary>
    protected static string Describe(string provider, int statusCode, string reason, bool isTransient, string message) =>
        $"{provider}: {message} (status {statusCode}, reason {reason}, {(isTransient ? "transient" : "permanent")})";
}
