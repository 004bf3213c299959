using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Delivery.Fcm;

/// <summary>
/// FCM HTTP v1: one <c>messages:send</c> request per push over a shared HTTP/2 connection pool, bounded in-flight
/// concurrency, OAuth bearer from the service account, error mapping and retries per the Firebase docs.
/// </summary>
public sealed class FcmClient : IDisposable
{
    /// <summary>Provider name in exceptions, logs and metrics.</summary>
    public const string Provider = "fcm";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly GatewayConnections _connections;
    private readonly IGoogleAccessTokenSource _tokens;
    private readonly FcmOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FcmClient> _logger;
    private readonly AdaptiveConcurrency _inFlight;
    private readonly GatewayRetryLoop _retry;
    private readonly Uri _sendUri;
    private readonly byte[] _bodyPrefix;

    /// <summary>Creates the client; it opens its own connections (<see cref="GatewayConnections"/>).</summary>
    public FcmClient(IGoogleAccessTokenSource tokens, IOptions<FcmOptions> options, TimeProvider time, ILogger<FcmClient> logger)
    {
        _tokens = tokens;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _inFlight = new AdaptiveConcurrency(_options.InitialConcurrency, _options.MaxConcurrency);
        _connections = new GatewayConnections(_options);
        DeliveryMetrics.Track(Provider, _inFlight);
        _retry = new GatewayRetryLoop(Provider, _options, time, logger);
        _sendUri = new Uri(_options.BaseUrl, $"v1/projects/{Uri.EscapeDataString(_options.ProjectId)}/messages:send");
        _bodyPrefix = _options.ValidateOnly
            ? """{"validate_only":true,"message":{"token":"""u8.ToArray()
            : SendPrefix.ToArray();
    }

    /// <summary>Sends one push, retrying per policy.</summary>
    /// <exception cref="PushGatewayException">The credentials or project cannot be used.</exception>
    public Task<PushOutcome> SendAsync(string token, PreparedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var body = RequestBody(_bodyPrefix, token, message);
        return _retry.RunAsync(ct => AttemptAsync(token, body, ct), (rejected, ct) => new ValueTask(_tokens.RenewAsync(rejected, ct)), token, cancellationToken);
    }

    /// <summary>One <c>messages:send</c> request as it goes on the wire (<paramref name="body"/> from <see cref="RequestBody(string, PreparedMessage)"/>).</summary>
    public static HttpRequestMessage CreateRequest(Uri sendUri, byte[] body, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, sendUri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    /// <summary>The <c>messages:send</c> request body for <paramref name="token"/>, as it goes on the wire.</summary>
    public static byte[] RequestBody(string token, PreparedMessage message) => RequestBody(SendPrefix, token, message);

    private static ReadOnlySpan<byte> SendPrefix => """{"message":{"token":"""u8;

    private static byte[] RequestBody(ReadOnlySpan<byte> prefix, string token, PreparedMessage message)
    {
        // {"message":{"token":"<token>",<members>}} spliced from pre-rendered bytes: no per-push serialization.
        var encodedToken = JsonEncodedText.Encode(token).EncodedUtf8Bytes;
        var members = message.FcmMessageMembers.Span;
        var body = new byte[prefix.Length + encodedToken.Length + members.Length + 5];
        var span = body.AsSpan();
        prefix.CopyTo(span);
        var at = prefix.Length;
        span[at++] = (byte)'"';
        encodedToken.CopyTo(span[at..]);
        at += encodedToken.Length;
        span[at++] = (byte)'"';
        span[at++] = (byte)',';
        members.CopyTo(span[at..]);
        at += members.Length;
        span[at++] = (byte)'}';
        span[at] = (byte)'}';
        return body;
    }

    private async Task<AttemptResult> AttemptAsync(string token, byte[] body, CancellationToken cancellationToken)
    {
        var accessToken = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        UnrecordedPushes.RequestStarted();
        var call = GatewayCall.Start(Provider, _time);
        TimeSpan? roundTrip = null;
        var throttled = false;
        try
        {
            using var request = CreateRequest(_sendUri, body, accessToken);
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

            var error = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            var retryAfter = RetryBackoff.ReadRetryAfter(response.Headers, _time.GetUtcNow());
            var result = FcmErrorClassifier.Classify(status, error, retryAfter, _options.QuotaBackoff);
            call.Answered(status, result.Outcome.Reason ?? "?");
            Log.PushRejected(_logger, Provider, TokenRedactor.Redact(token), status, result.Outcome.Reason ?? "?");
            return result.Kind == AttemptKind.CredentialRejected ? result with { RejectedCredential = accessToken } : result;
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
