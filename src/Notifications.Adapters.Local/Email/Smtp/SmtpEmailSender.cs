using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Core.Diagnostics;
using Notifications.Core.Email;
using Notifications.Core.Email.Acs;

namespace Notifications.Adapters.Local.Email.Smtp;

/// <summary>
/// Email over SMTP with MailKit. SMTP has no idempotent send, so the idempotency key becomes the Message-ID: a
/// retried send carries the same id, which mail clients and the local sink treat as the same message.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender
{
    /// <summary>Provider name in exceptions and logs.</summary>
    public const string Provider = "smtp";

    private readonly SmtpEmailOptions _options;
    private readonly EmailOptions _email;
    private readonly ILogger<SmtpEmailSender> _logger;

    /// <summary>Creates the sender; <paramref name="options"/> names the SMTP server and its login, <paramref name="email"/> the From address and name.</summary>
    public SmtpEmailSender(IOptions<SmtpEmailOptions> options, IOptions<EmailOptions> email, ILogger<SmtpEmailSender> logger)
    {
        _options = options.Value;
        _email = email.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        using var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(_email.FromName, _email.From));
        foreach (var to in message.To)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        mime.Subject = message.Subject;
        mime.MessageId = $"{AcsEmailSender.OperationId(idempotencyKey)}@notifications";
        mime.Body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text }.ToMessageBody();

        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, Enum.Parse<SecureSocketOptions>(_options.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.Username))
            {
                await client.AuthenticateAsync(_options.Username, _options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            throw new EmailException(Provider, code, ex.ErrorCode.ToString(), isTransient: code is >= 400 and < 500, ex.Message, ex);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or System.Net.Sockets.SocketException)
        {
            throw new EmailException(Provider, 0, ex.GetType().Name, isTransient: true, $"{_options.Host}:{_options.Port}: {ex.Message}", ex);
        }

        Log.EmailSent(_logger, Provider, message.To.Count, mime.MessageId);
    }
}
