using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using Notifications.Gateways.Acs;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Notifications.Gateways.Mail;

/// <summary>
/// A local mail sink: an SMTP server on 127.0.0.1 that keeps every message it receives, so a person (or a browser
/// test) can open the approval email and click its links. A message whose Message-ID was seen before is counted
/// as a duplicate and not kept twice (the SMTP sender uses its idempotency key as Message-ID).
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ReceivedEmail> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly Task _server;
    private long _duplicates;
    private long _rejections;

    private MailSink(int port, TimeProvider time)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("notify-mail-sink").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this, time));

        // RCPT TO an address in RejectedRecipients gets 550 (mailbox unavailable): a permanent refusal, as a real
        // server gives for an address it will never take.
        services.Add(new DelegatingMailboxFilter(
            (_, _) => true,
            (_, to, _) =>
            {
                if (!RejectedRecipients.ContainsKey(to.User + "@" + to.Host))
                {
                    return true;
                }

                Interlocked.Increment(ref _rejections);
                return false;
            }));
        _server = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    /// <summary>The SMTP port.</summary>
    public int Port { get; }

    /// <summary>Messages received, oldest first.</summary>
    public IReadOnlyList<ReceivedEmail> Messages => _order.Select(id => _messages[id]).ToList();

    /// <summary>Recipients refused with 550 (tests of a permanent email failure).</summary>
    public ConcurrentDictionary<string, bool> RejectedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many times a recipient in <see cref="RejectedRecipients"/> was refused.</summary>
    public long Rejections => Interlocked.Read(ref _rejections);

    /// <summary>Messages that repeated an earlier Message-ID.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Starts the sink on <paramref name="port"/> (0 picks a free one).</summary>
    public static MailSink Start(int port = 0, TimeProvider? time = null)
    {
        return new MailSink(port == 0 ? FreePorts.Next() : port, time ?? TimeProvider.System);
    }

    /// <summary>A message by id.</summary>
    public ReceivedEmail? Find(string id) => _messages.GetValueOrDefault(id);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _server.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private void Keep(ReceivedEmail email)
    {
        if (_messages.TryAdd(email.Id, email))
        {
            _order.Enqueue(email.Id);
        }
        else
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    private sealed class Store(MailSink sink, TimeProvider time) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            using var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            var id = string.IsNullOrEmpty(message.MessageId) ? Guid.CreateVersion7().ToString("N") : message.MessageId;
            sink.Keep(new ReceivedEmail(
                id,
                message.From.Mailboxes.FirstOrDefault()?.Address ?? string.Empty,
                message.To.Mailboxes.Select(m => m.Address).ToList(),
                message.Subject ?? string.Empty,
                message.HtmlBody ?? string.Empty,
                message.TextBody ?? string.Empty,
                time.GetUtcNow()));
            return SmtpResponse.Ok;
        }
    }
}
