namespace Notifications.Core.Email;

/// <summary>Which provider sends email (<c>Email:Provider</c>, bound by name).</summary>
public enum EmailProvider
{
    /// <summary>Azure Communication Services over REST: production, and the sender Core registers itself.</summary>
    Acs,

    /// <summary>An SMTP server (locally, the mail sink): only in hosts that add the local adapters.</summary>
    Smtp,
}
