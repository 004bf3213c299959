namespace Notifications.Core.Email;

/// <summary>Sends email. Implementations: Azure Communication Services (REST) here and SMTP (MailKit) in the local adapters.</summary>
public interface IEmailSender
{
    /// <summary>
    /// Sends <paramref name="message"/>. <paramref name="idempotencyKey"/> names this email: an activity retried
    /// after a crash passes the same key, and the sender does its best not to send it twice.
    /// </summary>
    /// <exception cref="EmailException">The provider refused or failed.</exception>
    Task SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default);
}
