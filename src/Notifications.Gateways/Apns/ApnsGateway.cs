using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Notifications.Gateways.Recording;
using Notifications.Gateways.Security;

namespace Notifications.Gateways.Apns;

/// <summary>
/// APNs provider API <c>POST /3/device/{token}</c> over HTTP/2: verifies the ES256 provider token (signature, key
/// id, team, age under an hour, not re-signed on a connection more often than every 20 minutes), the apns-*
/// headers and the payload as Apple does, and records what it accepts.
/// Token-prefix faults: unreg, expired, baddevice, topic, toomany, internal, unavailable, shutdown, idle,
/// expiredjwt, reset, slow. Other tokens must be 64 hex digits.
/// </summary>
public sealed class ApnsGateway
{
    private const int MaxPayloadBytes = 4096;
    private static readonly TimeSpan MaxTokenAge = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinResignInterval = TimeSpan.FromMinutes(20);

    private static readonly IReadOnlySet<string> FaultKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "unreg", "expired", "baddevice", "topic", "toomany", "internal", "unavailable", "shutdown", "idle", "expiredjwt", "reset", "slow",
    };

    private static readonly HashSet<string> PushTypes = new(StringComparer.Ordinal)
    {
        "alert", "background", "voip", "complication", "fileprovider", "mdm", "liveactivity", "pushtotalk", "location", "widgets",
    };

    private readonly LoopbackGatewayOptions _options;
    private readonly TestApnsKey _key;
    private readonly PushRecorder _recorder;
    private readonly ConcurrentDictionary<string, int> _faultAttempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verifiedTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionToken> _connectionTokens = new(StringComparer.Ordinal);
    private long _requestNumber;
    private int _tokensSeen;

    internal ApnsGateway(LoopbackGatewayOptions options, TestApnsKey key, PushRecorder recorder)
    {
        _options = options;
        _key = key;
        _recorder = recorder;
    }

    /// <summary>The base URL clients use; set when the listener starts.</summary>
    public Uri BaseUrl { get; internal set; } = null!;

    /// <summary>Distinct provider tokens accepted so far: tests prove the client does not re-sign per request.</summary>
    public int ProviderTokensSeen => Volatile.Read(ref _tokensSeen);

    internal async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/3/device/", StringComparison.Ordinal))
        {
            await ReasonAsync(context, 404, "BadPath");
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await ReasonAsync(context, 405, "MethodNotAllowed");
            return;
        }

        _recorder.BeginRequest(context.Request.Protocol, context.Connection.Id);
        try
        {
            await HandlePushAsync(context, Uri.UnescapeDataString(path["/3/device/".Length..]));
        }
        finally
        {
            _recorder.EndRequest();
        }
    }

    private async Task HandlePushAsync(HttpContext context, string token)
    {
        var headers = context.Request.Headers;
        var authProblem = CheckProviderToken(context, headers.Authorization.ToString());
        if (authProblem is not null)
        {
            await ReasonAsync(context, authProblem == "TooManyProviderTokenUpdates" ? 429 : 403, authProblem);
            return;
        }

        var headerProblem = CheckHeaders(headers, token);
        if (headerProblem is not null)
        {
            await ReasonAsync(context, 400, headerProblem);
            return;
        }

        using var body = await RequestBody.ReadAsync(context.Request, MaxPayloadBytes);
        if (body is null)
        {
            await ReasonAsync(context, 413, "PayloadTooLarge");
            return;
        }

        if (body.Length == 0)
        {
            await ReasonAsync(context, 400, "PayloadEmpty");
            return;
        }

        if (!HasApsDictionary(body.Memory))
        {
            await ReasonAsync(context, 400, "BadPayload");
            return;
        }

        var n = Interlocked.Increment(ref _requestNumber);
        if (_options.FailEveryNth > 0 && n % _options.FailEveryNth == 0)
        {
            await ReasonAsync(context, 503, "ServiceUnavailable", _options.RetryAfterSeconds);
            return;
        }

        var fault = TokenFault.Parse(token, FaultKinds);
        if (fault is { } f && f.Applies(token, _faultAttempts) && await ApplyFaultAsync(context, f.Kind))
        {
            return;
        }

        if (fault is null && (token.Length != 64 || !token.All(char.IsAsciiHexDigit)))
        {
            await ReasonAsync(context, 400, "BadDeviceToken");
            return;
        }

        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency, context.RequestAborted);
        }

        if (!await _recorder.AdmitAsync(context.RequestAborted))
        {
            return;
        }

        var apnsId = headers["apns-id"].ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(body.Memory.Span).AsSpan(0, 8));
        _recorder.Record(Alert(new RecordedPush("apns", token, NullIfEmpty(headers["apns-collapse-id"].ToString()), hash, _options.Time.GetUtcNow()), body.Memory));
        context.Response.Headers["apns-id"] = apnsId.Length > 0 ? apnsId : new Guid(RandomNumberGenerator.GetBytes(16)).ToString("D");
        context.Response.StatusCode = 200;
    }

    /// <summary>What the device would show and the app receive, for tests that check each device's own message.</summary>
    private RecordedPush Alert(RecordedPush push, ReadOnlyMemory<byte> body)
    {
        if (_recorder.Mode != RecordingMode.Full)
        {
            return push;
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var alert = root.TryGetProperty("aps", out var aps) && aps.TryGetProperty("alert", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        return push with
        {
            Title = alert.ValueKind == JsonValueKind.Object && alert.TryGetProperty("title", out var t) ? t.GetString() : null,
            Body = alert.ValueKind == JsonValueKind.Object && alert.TryGetProperty("body", out var b) ? b.GetString() : null,
            Data = root.EnumerateObject().Where(p => p.Name != "aps" && p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!),
        };
    }

    private string? CheckProviderToken(HttpContext context, string authorization)
    {
        if (!authorization.StartsWith("bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "MissingProviderToken";
        }

        var jwt = authorization[7..];
        var now = _options.Time.GetUtcNow();
        if (!_verifiedTokens.TryGetValue(jwt, out var issuedAt))
        {
            // ES256 verification costs more than the rest of the request; each distinct token is verified once.
            var parsed = Jwt.TryParse(jwt);
            if (parsed is null || parsed.HeaderString("alg") != "ES256" || parsed.HeaderString("kid") != _key.KeyId ||
                parsed.ClaimString("iss") != _key.TeamId || parsed.ClaimNumber("iat") is not { } iat || !parsed.VerifyEs256(_key.Key))
            {
                return "InvalidProviderToken";
            }

            issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat);
            if (issuedAt > now + TimeSpan.FromMinutes(5))
            {
                return "InvalidProviderToken";
            }

            if (_verifiedTokens.TryAdd(jwt, issuedAt))
            {
                Interlocked.Increment(ref _tokensSeen);
            }
        }

        if (now - issuedAt > MaxTokenAge)
        {
            return "ExpiredProviderToken";
        }

        // Apple answers TooManyProviderTokenUpdates when a connection's token changes more often than every 20
        // minutes. The first token a connection carries is not a change.
        var connection = context.Connection.Id;
        var seen = _connectionTokens.GetOrAdd(connection, _ => new ConnectionToken(jwt, null));
        if (seen.Token != jwt)
        {
            if (seen.ChangedAt is { } changed && now - changed < MinResignInterval)
            {
                return "TooManyProviderTokenUpdates";
            }

            _connectionTokens[connection] = new ConnectionToken(jwt, now);
        }

        return null;
    }

    private string? CheckHeaders(IHeaderDictionary headers, string token)
    {
        if (token.Length == 0)
        {
            return "MissingDeviceToken";
        }

        var topic = headers["apns-topic"];
        if (topic.Count == 0)
        {
            return "MissingTopic";
        }

        if (topic.Count > 1 || headers["apns-id"].Count > 1 || headers["apns-collapse-id"].Count > 1)
        {
            return "DuplicateHeaders";
        }

        if (!_options.ApnsTopics.Contains(topic.ToString()))
        {
            return "TopicDisallowed";
        }

        var pushType = headers["apns-push-type"].ToString();
        if (pushType.Length > 0 && !PushTypes.Contains(pushType))
        {
            return "InvalidPushType";
        }

        var priority = headers["apns-priority"].ToString();
        if (priority.Length > 0 && priority is not ("10" or "5" or "1"))
        {
            return "BadPriority";
        }

        var expiration = headers["apns-expiration"].ToString();
        if (expiration.Length > 0 && !long.TryParse(expiration, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return "BadExpirationDate";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(headers["apns-collapse-id"].ToString()) > 64)
        {
            return "BadCollapseId";
        }

        var apnsId = headers["apns-id"].ToString();
        if (apnsId.Length > 0 && (!Guid.TryParseExact(apnsId, "D", out _) || apnsId.Any(char.IsAsciiLetterUpper)))
        {
            return "BadMessageId";
        }

        return null;
    }

    private async Task<bool> ApplyFaultAsync(HttpContext context, string kind)
    {
        switch (kind)
        {
            case "unreg":
                await ReasonAsync(context, 410, "Unregistered", timestamp: true);
                return true;
            case "expired":
                await ReasonAsync(context, 410, "ExpiredToken", timestamp: true);
                return true;
            case "baddevice":
                await ReasonAsync(context, 400, "BadDeviceToken");
                return true;
            case "topic":
                await ReasonAsync(context, 400, "DeviceTokenNotForTopic");
                return true;
            case "toomany":
                await ReasonAsync(context, 429, "TooManyRequests", _options.RetryAfterSeconds);
                return true;
            case "internal":
                await ReasonAsync(context, 500, "InternalServerError");
                return true;
            case "unavailable":
                await ReasonAsync(context, 503, "ServiceUnavailable", _options.RetryAfterSeconds);
                return true;
            case "shutdown":
                await ReasonAsync(context, 503, "Shutdown");
                return true;
            case "idle":
                await ReasonAsync(context, 400, "IdleTimeout");
                return true;
            case "expiredjwt":
                await ReasonAsync(context, 403, "ExpiredProviderToken");
                return true;
            default:
                return await CommonFaults.ApplyAsync(context, kind, _options) ?? false;
        }
    }

    private static bool HasApsDictionary(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("aps", out var aps) && aps.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private Task ReasonAsync(HttpContext context, int status, string reason, int? retryAfterSeconds = null, bool timestamp = false)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var json = timestamp
            ? $$"""{"reason":"{{reason}}","timestamp":{{_options.Time.GetUtcNow().ToUnixTimeMilliseconds()}}}"""
            : $$"""{"reason":"{{reason}}"}""";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private sealed record ConnectionToken(string Token, DateTimeOffset? ChangedAt);
}
