namespace Notifications.Core.Delivery;

/// <summary>
/// The one exception callers of the gateway clients see: a gateway (or its credential endpoint) could not be
/// used. It carries the provider, the HTTP status, the gateway's reason and whether retrying later may help.
/// </summary>
public sealed class PushGatewayException : ProviderException
{
    /// <summary>Creates the exception for <paramref name="provider"/>'s refusal, with its <paramref name="reason"/> and whether retrying may help.</summary>
    public PushGatewayException(string provider, int statusCode, string reason, bool isTransient, string message, Exception? innerException = null)
        : base(provider, statusCode, reason, isTransient, Describe(provider, statusCode, reason, isTransient, message), innerException)
    {
    }
}
