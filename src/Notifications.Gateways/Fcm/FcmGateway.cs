using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Notifications.Gateways.OAuth;
using Notifications.Gateways.Recording;

namespace Notifications.Gateways.Fcm;

/// <summary>
/// FCM HTTP v1 <c>POST /v1/projects/{project}/messages:send</c>: checks the bearer token against the loopback
/// OAuth endpoint, validates the message the way FCM does (one target, string data, TTL and priority forms, 4 KB),
/// answers with Google's error envelope, and records what it accepts.
/// Token-prefix faults: unreg, invalid, badarg, mismatch, thirdparty, quota, ratelimit, unavailable, internal,
/// unspecified, unauth, forbidden, html, reset, slow.
/// </summary>
public sealed partial class FcmGateway
{
    /// <summary>The OAuth scope the gateway requires.</summary>
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    private const int MaxMessageBytes = 4096;

    private static readonly IReadOnlySet<string> FaultKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "unreg", "invalid", "badarg", "mismatch", "thirdparty", "quota", "ratelimit", "unavailable", "internal",
        "unspecified", "unauth", "forbidden", "html", "reset", "slow",
    };

    private readonly LoopbackGatewayOptions _options;
    private readonly OAuthGateway _oauth;
    private readonly PushRecorder _recorder;
    private readonly ConcurrentDictionary<string, int> _faultAttempts = new(StringComparer.Ordinal);
    private readonly string _expectedPath;
    private long _requestNumber;
    private long _messageNumber;

    internal FcmGateway(LoopbackGatewayOptions options, OAuthGateway oauth, PushRecorder recorder)
    {
        _options = options;
        _oauth = oauth;
        _recorder = recorder;
        _expectedPath = $"/v1/projects/{options.ProjectId}/messages:send";
    }

    /// <summary>The base URL clients use; set when the listener starts.</summary>
    public Uri BaseUrl { get; internal set; } = null!;

    internal async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!HttpMethods.IsPost(context.Request.Method) || !path.StartsWith("/v1/projects/", StringComparison.Ordinal) ||
            !path.EndsWith("/messages:send", StringComparison.Ordinal))
        {
            await GoogleErrorResponse.WriteAsync(context, 404, "NOT_FOUND", "The requested URL was not found on this server.");
            return;
        }

        _recorder.BeginRequest(context.Request.Protocol, context.Connection.Id);
        try
        {
            await HandlePushAsync(context, path);
        }
        finally
        {
            _recorder.EndRequest();
        }
    }

    private async Task HandlePushAsync(HttpContext context, string path)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_oauth.IsValid(auth[7..], Scope))
        {
            await GoogleErrorResponse.WriteAsync(context, 401, "UNAUTHENTICATED",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            return;
        }

        if (path != _expectedPath)
        {
            await GoogleErrorResponse.WriteAsync(context, 403, "PERMISSION_DENIED",
                "Permission 'cloudmessaging.messages.create' denied on resource (or it may not exist).");
            return;
        }

        using var body = await RequestBody.ReadAsync(context.Request, 64 * 1024);
        if (body is null)
        {
            await GoogleErrorResponse.WriteAsync(context, 413, "INVALID_ARGUMENT", "Request payload size exceeds the limit.");
            return;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body.Memory);
        }
        catch (JsonException ex)
        {
            await GoogleErrorResponse.WriteAsync(context, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + ex.Message,
                otherDetail: GoogleErrorResponse.BadRequest("", ex.Message));
            return;
        }

        using (doc)
        {
            await HandleMessageAsync(context, doc.RootElement);
        }
    }

    private async Task HandleMessageAsync(HttpContext context, JsonElement root)
    {
        var problem = Validate(root, out var token, out var collapseKey, out var contentHash, out var validateOnly);
        if (problem is not null)
        {
            await GoogleErrorResponse.WriteAsync(context, 400, "INVALID_ARGUMENT", problem.Value.Message,
                fcmErrorCode: problem.Value.FcmError ? "INVALID_ARGUMENT" : null,
                otherDetail: GoogleErrorResponse.BadRequest(problem.Value.Field, problem.Value.Message));
            return;
        }

        var n = Interlocked.Increment(ref _requestNumber);
        if (_options.FailEveryNth > 0 && n % _options.FailEveryNth == 0)
        {
            await GoogleErrorResponse.WriteAsync(context, 503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE",
                retryAfterSeconds: _options.RetryAfterSeconds);
            return;
        }

        if (TokenFault.Parse(token, FaultKinds) is { } fault && fault.Applies(token, _faultAttempts))
        {
            if (await ApplyFaultAsync(context, fault.Kind))
            {
                return;
            }
        }

        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency, context.RequestAborted);
        }

        if (!await _recorder.AdmitAsync(context.RequestAborted))
        {
            return;
        }

        if (!validateOnly)
        {
            _recorder.Record(Alert(new RecordedPush("fcm", token, collapseKey, contentHash, _options.Time.GetUtcNow()), root.GetProperty("message")));
        }

        var id = Interlocked.Increment(ref _messageNumber);
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(
            $$"""{"name":"projects/{{_options.ProjectId}}/messages/0:{{id.ToString(CultureInfo.InvariantCulture)}}%loopback"}""",
            context.RequestAborted);
    }

    /// <summary>Writes the fault's response; returns false when the fault only delays (slow) and the push proceeds.</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext context, string kind)
    {
        var retryAfter = _options.RetryAfterSeconds;
        switch (kind)
        {
            case "unreg":
                await GoogleErrorResponse.WriteAsync(context, 404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED");
                return true;
            case "invalid":
                await GoogleErrorResponse.WriteAsync(context, 400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token", "INVALID_ARGUMENT");
                return true;
            case "badarg":
                await GoogleErrorResponse.WriteAsync(context, 400, "INVALID_ARGUMENT", "Invalid value at 'message.android.notification.color'",
                    otherDetail: GoogleErrorResponse.BadRequest("message.android.notification.color", "Invalid color value"));
                return true;
            case "mismatch":
                await GoogleErrorResponse.WriteAsync(context, 403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH");
                return true;
            case "thirdparty":
                await GoogleErrorResponse.WriteAsync(context, 401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service", "THIRD_PARTY_AUTH_ERROR");
                return true;
            case "quota":
                await GoogleErrorResponse.WriteAsync(context, 429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Send requests'.", "QUOTA_EXCEEDED",
                    retryAfterSeconds: retryAfter);
                return true;
            case "ratelimit":
                await GoogleErrorResponse.WriteAsync(context, 429, "RESOURCE_EXHAUSTED", "Quota exceeded.",
                    otherDetail: new Dictionary<string, string> { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = "RATE_LIMIT_EXCEEDED" },
                    retryAfterSeconds: retryAfter);
                return true;
            case "unavailable":
                await GoogleErrorResponse.WriteAsync(context, 503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE",
                    retryAfterSeconds: retryAfter);
                return true;
            case "internal":
                await GoogleErrorResponse.WriteAsync(context, 500, "INTERNAL", "Internal error encountered.", "INTERNAL");
                return true;
            case "unspecified":
                await GoogleErrorResponse.WriteAsync(context, 500, "INTERNAL", "Unknown error.", "UNSPECIFIED_ERROR");
                return true;
            case "unauth":
                await GoogleErrorResponse.WriteAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
                return true;
            case "forbidden":
                await GoogleErrorResponse.WriteAsync(context, 403, "PERMISSION_DENIED", "The caller does not have permission");
                return true;
            case "html":
                context.Response.StatusCode = 502;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>", context.RequestAborted);
                return true;
            default:
                return await CommonFaults.ApplyAsync(context, kind, _options) ?? false;
        }
    }

    /// <summary>What the device would show and the app receive, for tests that check each device's own message.</summary>
    private RecordedPush Alert(RecordedPush push, JsonElement message)
    {
        if (_recorder.Mode != RecordingMode.Full)
        {
            return push;
        }

        var notification = message.TryGetProperty("notification", out var n) && n.ValueKind == JsonValueKind.Object ? n : default;
        return push with
        {
            Title = notification.ValueKind == JsonValueKind.Object && notification.TryGetProperty("title", out var t) ? t.GetString() : null,
            Body = notification.ValueKind == JsonValueKind.Object && notification.TryGetProperty("body", out var b) ? b.GetString() : null,
            Data = message.TryGetProperty("data", out var d) ? d.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty) : null,
        };
    }

    private static ValidationProblem? Validate(JsonElement root, out string token, out string? collapseKey, out string contentHash, out bool validateOnly)
    {
        token = string.Empty;
        collapseKey = null;
        contentHash = string.Empty;
        validateOnly = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("validate_only", out var vo) && vo.ValueKind == JsonValueKind.True;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return new("message", "Invalid JSON payload received. 'message' is required.", false);
        }

        var targets = 0;
        foreach (var target in (ReadOnlySpan<string>)["token", "topic", "condition"])
        {
            if (message.TryGetProperty(target, out _))
            {
                targets++;
            }
        }

        if (targets != 1)
        {
            return new("message", "Exactly one of token, topic or condition must be specified.", true);
        }

        if (!message.TryGetProperty("token", out var tokenElement) || tokenElement.ValueKind != JsonValueKind.String ||
            string.IsNullOrEmpty(tokenElement.GetString()))
        {
            return new("message.token", "The registration token is not a valid FCM registration token", true);
        }

        token = tokenElement.GetString()!;
        if (message.TryGetProperty("data", out var data))
        {
            if (data.ValueKind != JsonValueKind.Object)
            {
                return new("message.data", "Invalid value at 'message.data': must be a map of strings.", false);
            }

            foreach (var pair in data.EnumerateObject())
            {
                if (pair.Value.ValueKind != JsonValueKind.String)
                {
                    return new($"message.data[{pair.Name}].value", $"Invalid value at 'message.data[{pair.Name}].value' (TYPE_STRING)", false);
                }
            }
        }

        if (message.TryGetProperty("android", out var android))
        {
            if (android.TryGetProperty("priority", out var priority) &&
                !(priority.ValueEquals("high") || priority.ValueEquals("normal") || priority.ValueEquals("HIGH") || priority.ValueEquals("NORMAL")))
            {
                return new("message.android.priority", "Invalid value at 'message.android.priority'", false);
            }

            if (android.TryGetProperty("ttl", out var ttl) &&
                (ttl.ValueKind != JsonValueKind.String || !IsValidTtl(ttl.GetString()!)))
            {
                return new("message.android.ttl", "Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration)", false);
            }

            collapseKey = android.TryGetProperty("collapse_key", out var ck) && ck.ValueKind == JsonValueKind.String ? ck.GetString()
                : android.TryGetProperty("collapseKey", out var ck2) && ck2.ValueKind == JsonValueKind.String ? ck2.GetString() : null;
        }

        // The Admin SDK refuses such a label before sending; the server answers the same way for a raw request.
        if (message.TryGetProperty("fcm_options", out var fcmOptions) && fcmOptions.TryGetProperty("analytics_label", out var label) &&
            (label.ValueKind != JsonValueKind.String || !AnalyticsLabelPattern().IsMatch(label.GetString()!)))
        {
            return new("message.fcm_options.analytics_label", "Invalid value at 'message.fcm_options.analytics_label'", false);
        }

        // FCM counts the message's content (everything but the target) against the 4 KB limit: the raw message
        // minus the token and the 11 bytes of {"token":,} around it.
        var size = Encoding.UTF8.GetByteCount(message.GetRawText()) - Encoding.UTF8.GetByteCount(tokenElement.GetRawText()) - 11;
        if (size > MaxMessageBytes)
        {
            return new("message", $"Message is too big: {size} bytes; the limit is {MaxMessageBytes}.", true);
        }

        var notification = message.TryGetProperty("notification", out var n) ? n.GetRawText() : string.Empty;
        var dataText = message.TryGetProperty("data", out var d) ? d.GetRawText() : string.Empty;
        contentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notification + dataText)).AsSpan(0, 8));
        return null;
    }

    private static bool IsValidTtl(string ttl)
    {
        var match = TtlPattern().Match(ttl);
        return match.Success &&
               double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) &&
               seconds <= 2_419_200;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d{1,9})?)s$")]
    private static partial Regex TtlPattern();

    [GeneratedRegex("^[a-zA-Z0-9-_.~%]{1,50}$")]
    private static partial Regex AnalyticsLabelPattern();

    private readonly record struct ValidationProblem(string Field, string Message, bool FcmError);
}
