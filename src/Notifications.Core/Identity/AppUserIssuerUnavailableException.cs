namespace Notifications.Core.Identity;

/// <summary>The app-user token issuer's discovery document or keys could not be fetched: a 503, not a refusal.</summary>
public sealed class AppUserIssuerUnavailableException : Exception
{
    /// <summary>Creates the exception; <paramref name="innerException"/> is the failed fetch of the issuer's discovery document or keys.</summary>
    public AppUserIssuerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
