namespace Notifications.Core.Identity;

/// <summary>Where a person's identity comes from.</summary>
public enum IdentityMode
{
    /// <summary>
    /// App Service Authentication (Azure): the <c>X-MS-CLIENT-PRINCIPAL</c> header it injects, honoured only when the
    /// platform says authentication is on (<c>WEBSITE_AUTH_ENABLED=True</c>); without it, nobody is signed in.
    /// </summary>
    AppService,

    /// <summary>
    /// <c>notify serve</c> on loopback: an injected <c>X-MS-CLIENT-PRINCIPAL</c> when a request carries one (so tests can
    /// act as several people), otherwise the configured development user.
    /// </summary>
    Development,
}
