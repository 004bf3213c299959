namespace Notifications.Core.Email;

/// <summary>An email provider (<c>acs</c> or <c>smtp</c>) refused or failed.</summary>
public sealed class EmailException : ProviderException
{
    /// <summary>Creates the exception.</summary>
    public EmailException(string provider, int statusCode, string reason, bool isTransient, string message, Exception? innerException = null)
        : base(provider, statusCode, reason, isTransient, Describe(provider, statusCode, reason, isTransient, message), innerException)
    {
    }
}
