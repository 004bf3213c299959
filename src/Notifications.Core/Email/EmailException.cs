namespace Notifications.Core.Email;

/// <summary>An email provider (<c>acs</c> or <c>smtp</c>) refused or failed.</summary>
public sealed class EmailException : ProviderException
{
    /// <summary>Creates the exception for <paramref name="provider"/>'s refusal or failure, with its <paramref name="reason"/> and whether retrying may help.</summary>
    public EmailException(string provider, int statusCode, string reason, bool isTransient, string message, Exception? innerException = null)
        : base(provider, statusCode, reason, isTransient, Describe(provider, statusCode, reason, isTransient, message), innerException)
    {
    }
}
