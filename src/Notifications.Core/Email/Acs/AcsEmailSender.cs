using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Delivery;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Email.Acs;

/// <summary>
/// Azure Communication Services Email over REST: <c>POST /emails:send</c> signed with HMAC-SHA256, then polling the
/// operation until it is final. The <c>Operation-Id</c> is derived from the idempotency key, and an existing
/// operation is looked up before sending, so a retried activity does not send the same email twice.
/// </summary>
public sealed class AcsEmailSender : IEmailSender
{
    /// <summary>Provider name in exceptions and logs.</summary>
    public const string Provider = "acs";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly AcsEmailOptions _options;
    private readonly EmailOptions _email;
    private readonly TimeProvider _time;
    private readonly ILogger<AcsEmailSender> _logger;
    private readonly AcsConnectionString _connection;

    /// <summary>Creates the sender (typed HttpClient).</summary>
    public AcsEmailSender(HttpClient http, IOptions<AcsEmailOptions> options, IOptions<EmailOptions> email, TimeProvider time, ILogger<AcsEmailSender> logger)
    {
        _http = http;
        _options = options.Value;
        _email = email.Value;
        _time = time;
        _logger = logger;
        _connection = AcsConnectionString.TryParse(_options.ConnectionString ?? string.Empty)
            ?? throw new EmailException(Provider, 0, "InvalidConnectionString", isTransient: false, "Email:Acs:ConnectionString is missing or malformed");
    }

    /// <inheritdoc />
    public async Task SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var operationId = OperationId(idempotencyKey);
        var existing = await GetOperationAsync(operationId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            await WaitAsync(operationId, existing.Value, cancellationToken).ConfigureAwait(false);
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            senderAddress = _email.From,
            content = new { subject = message.Subject, plainText = message.Text, html = message.Html },
            recipients = new { to = message.To.Select(a => new { address = a }).ToArray() },
            userEngagementTrackingDisabled = true,
        });
        // "./": a bare "emails:send" parses as an absolute URI with the scheme "emails".
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_connection.Endpoint, $"./emails:send?api-version={_options.ApiVersion}"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        request.Headers.TryAddWithoutValidation("Operation-Id", operationId);
        AcsRequestSigner.Sign(request, body, _connection.AccessKey, _time.GetUtcNow());
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode != 202)
        {
            throw await FailureAsync(response, "the send was refused", cancellationToken).ConfigureAwait(false);
        }

        var status = await ReadStatusAsync(response, cancellationToken).ConfigureAwait(false);
        await WaitAsync(operationId, (status, RetryBackoff.ReadRetryAfter(response.Headers, _time.GetUtcNow())), cancellationToken).ConfigureAwait(false);
        Log.EmailSent(_logger, Provider, message.To.Count, operationId);
    }

    /// <summary>A stable UUID per idempotency key.</summary>
    internal static string OperationId(string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }

    private async Task WaitAsync(string operationId, (string Status, TimeSpan? RetryAfter) state, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.OperationTimeout;
        while (true)
        {
            switch (state.Status)
            {
                case "Succeeded":
                    return;
                case "Failed":
                case "Canceled":
                    throw new EmailException(Provider, 200, state.Status, isTransient: false, $"operation {operationId} ended {state.Status}");
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new EmailException(Provider, 200, "Timeout", isTransient: true, $"operation {operationId} still {state.Status} after {_options.OperationTimeout}");
            }

            var wait = state.RetryAfter is { } asked && asked > TimeSpan.Zero && asked < TimeSpan.FromSeconds(30) ? asked : TimeSpan.FromSeconds(1);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            state = await GetOperationAsync(operationId, cancellationToken).ConfigureAwait(false)
                ?? throw new EmailException(Provider, 404, "OperationNotFound", isTransient: true, $"operation {operationId} vanished");
        }
    }

    private async Task<(string Status, TimeSpan? RetryAfter)?> GetOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.Endpoint, $"emails/operations/{operationId}?api-version={_options.ApiVersion}"));
        AcsRequestSigner.Sign(request, [], _connection.AccessKey, _time.GetUtcNow());
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode == 404)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, "the operation status could not be read", cancellationToken).ConfigureAwait(false);
        }

        return (await ReadStatusAsync(response, cancellationToken).ConfigureAwait(false), RetryBackoff.ReadRetryAfter(response.Headers, _time.GetUtcNow()));
    }

    private static async Task<string> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return doc.RootElement.TryGetProperty("status", out var status) ? status.GetString() ?? "Unknown" : "Unknown";
    }

    private static async Task<EmailException> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var code = response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                code ??= error.TryGetProperty("code", out var c) ? c.GetString() : null;
                text = error.TryGetProperty("message", out var m) ? m.GetString() ?? text : text;
            }
        }
        catch (JsonException)
        {
            // Not the ACS error shape; keep the raw text.
        }

        return new EmailException(Provider, status, code ?? $"HTTP_{status}", isTransient: status is 429 or >= 500, $"{what}: {text}");
    }
}
