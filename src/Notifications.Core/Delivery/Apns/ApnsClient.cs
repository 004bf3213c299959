using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Delivery.Apns;

/// <summary>
/// APNs provider API over HTTP/2: <c>POST /3/device/{token}</c> with token authentication, the collapse id of the
/// campaign, a stable <c>apns-id</c> per (campaign, device) so a resend is recognisably the same notification,
/// and retries per Apple's error table.
/// </summary>
public sealed class ApnsClient : IDisposable
{
    /// <summary>Provider name in exceptions, logs and metrics.</summary>
    public const string Provider = "apns";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly GatewayConnections _connections;
    private readonly ApnsProviderToken _jwt;
    private readonly ApnsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ApnsClient> _logger;
    private readonly AdaptiveConcurrency _inFlight;
    private readonly GatewayRetryLoop _retry;

    /// <summary>Creates the client; it opens its own connections (<see cref="GatewayConnections"/>).</summary>
    public ApnsClient(ApnsProviderToken jwt, IOptions<ApnsOptions> options, TimeProvider time, ILogger<ApnsClient> logger)
    {
        _jwt = jwt;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _inFlight = new AdaptiveConcurrency(_options.InitialConcurrency, _options.MaxConcurrency);
        _connections = new GatewayConnections(_options);
        DeliveryMetrics.Track(Provider, _inFlight);
        _retry = new GatewayRetryLoop(Provider, _options, time, logger);
    }

    /// <summary>Sends one push, retrying per policy. Payloads over 4096 bytes are rejected without a request.</summary>
    /// <exception cref="PushGatewayException">The key, team or topic cannot be used.</exception>
    public Task<PushOutcome> SendAsync(string token, PreparedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (message.ApnsBody.Length > PayloadRenderer.MaxPayloadBytes)
        {
            return Task.FromResult(new PushOutcome(DeliveryStatus.Rejected, "PayloadTooLarge", 0, 0));
        }

        var uri = new Uri(_options.BaseUrl, "3/device/" + Uri.EscapeDataString(token));
        var apnsId = StableApnsId(message.CampaignId, token);
        return _retry.RunAsync(
            ct => AttemptAsync(uri, token, apnsId, message, ct),
            (rejected, _) =>
            {
                _jwt.Renew(rejected);
                return ValueTask.CompletedTask;
            },
            token,
            cancellationToken);
    }

    private async Task<AttemptResult> AttemptAsync(Uri uri, string token, string apnsId, PreparedMessage message, CancellationToken cancellationToken)
    {
        var jwt = _jwt.Current;
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        UnrecordedPushes.RequestStarted();
        var call = GatewayCall.Start(Provider, _time);
        TimeSpan? roundTrip = null;
        var throttled = false;
        try
        {
            using var request = CreateRequest(uri, jwt, _options.Topic, message, _time.GetUtcNow(), apnsId);
            // On the wire, a request runs to its answer (HttpClient.Timeout bounds it): cancelling it could leave a
            // push the gateway accepted with no record in the ledger, and a resumed send would push it again.
            // Cancellation stops what has not been sent: the wait for a slot above, and retries.
            using var response = await _connections.For(_inFlight.Limit).SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            roundTrip = call.Elapsed;
            throttled = AdaptiveConcurrency.IsPushback(response);
            if (status == 200)
            {
                call.Answered(status, null);
                return AttemptResult.Done(PushOutcome.Delivered(1));
            }

            var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            var result = ApnsErrorClassifier.Classify(status, body, RetryBackoff.ReadRetryAfter(response.Headers, _time.GetUtcNow()));
            call.Answered(status, result.Outcome.Reason ?? "?");
            Log.PushRejected(_logger, Provider, TokenRedactor.Redact(token), status, result.Outcome.Reason ?? "?");
            return result.Kind == AttemptKind.CredentialRejected ? result with { RejectedCredential = jwt } : result;
        }
        catch (Exception ex) when (call.Threw(ex))
        {
            throw;
        }
        finally
        {
            UnrecordedPushes.RequestEnded();
            _inFlight.Release(roundTrip, throttled);
        }
    }

    /// <summary>
    /// One push as it goes on the wire: <c>POST /3/device/{token}</c> with the provider token and the apns-* headers
    /// of <paramref name="message"/>; <paramref name="apnsId"/> is optional (APNs makes one up without it).
    /// </summary>
    public static HttpRequestMessage CreateRequest(Uri uri, string jwt, string topic, PreparedMessage message, DateTimeOffset now, string? apnsId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(message.ApnsBody) { Headers = { ContentType = Json } },
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("authorization", "bearer " + jwt);
        headers.TryAddWithoutValidation("apns-topic", topic);
        headers.TryAddWithoutValidation("apns-push-type", "alert");
        headers.TryAddWithoutValidation("apns-priority", message.Priority == PushPriority.High ? "10" : "5");
        headers.TryAddWithoutValidation("apns-collapse-id", message.CollapseId);
        if (apnsId is not null)
        {
            headers.TryAddWithoutValidation("apns-id", apnsId);
        }

        if (message.TimeToLive is { } ttl)
        {
            var expiration = ttl == TimeSpan.Zero ? 0 : (now + ttl).ToUnixTimeSeconds();
            headers.TryAddWithoutValidation("apns-expiration", expiration.ToString(CultureInfo.InvariantCulture));
        }

        return request;
    }

    /// <summary>A lowercase UUID derived from campaign and device, the same on every retry and redelivery.</summary>
    internal static string StableApnsId(string campaignId, string token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(campaignId + "\n" + token), hash);

        // Shape it as an RFC 9562 version-8 (custom) UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }

    /// <summary>The adaptive in-flight bound (the bench prints it; tests read it).</summary>
    public AdaptiveConcurrency Concurrency => _inFlight;

    /// <summary>The connections this client has opened.</summary>
    public int ConnectionsOpened => _connections.Opened;

    /// <inheritdoc />
    public void Dispose()
    {
        DeliveryMetrics.Untrack(_inFlight);
        _connections.Dispose();
    }
}
