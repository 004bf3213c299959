using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Notifications.Gateways.Acs;

/// <summary>
/// Azure Communication Services Email, REST API 2023-03-31: <c>POST /emails:send</c> and
/// <c>GET /emails/operations/{id}</c>, each verified against the HMAC-SHA256 signature the Azure SDK computes
/// (<c>METHOD\nPathAndQuery\ndate;host;contentHash</c>, content hash and date checked too). Operations are Running
/// on the first look and Succeeded after. A re-posted Operation-Id is the same operation, not a second email.
/// Recipient faults: an address starting <c>fail-</c> makes the operation end Failed.
/// </summary>
public sealed class AcsGateway
{
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);
    private readonly LoopbackGatewayOptions _options;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedEmail> _emails = new();
    private long _sendRequests;

    internal AcsGateway(LoopbackGatewayOptions options) => _options = options;

    /// <summary>The endpoint; set when the listener starts.</summary>
    public Uri BaseUrl { get; internal set; } = null!;

    /// <summary>The connection string a client uses.</summary>
    public string ConnectionString => $"endpoint={BaseUrl};accesskey={Convert.ToBase64String(_key)}";

    /// <summary>Emails accepted, once each however often their operation was posted.</summary>
    public IReadOnlyCollection<ReceivedEmail> Emails => _emails;

    /// <summary><c>emails:send</c> requests received (accepted or not).</summary>
    public long SendRequests => Interlocked.Read(ref _sendRequests);

    internal async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        using var body = await RequestBody.ReadAsync(context.Request, 10 * 1024 * 1024);
        if (body is null)
        {
            await ErrorAsync(context, 413, "RequestTooLarge", "The request exceeds 10 MB.");
            return;
        }

        if (Authenticate(context, body.Memory.Span) is { } problem)
        {
            await ErrorAsync(context, 401, "Denied", problem);
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && path == "/emails:send")
        {
            Interlocked.Increment(ref _sendRequests);
            await SendAsync(context, body.Memory);
        }
        else if (HttpMethods.IsGet(context.Request.Method) && path.StartsWith("/emails/operations/", StringComparison.Ordinal))
        {
            await StatusAsync(context, path["/emails/operations/".Length..]);
        }
        else
        {
            await ErrorAsync(context, 404, "NotFound", $"No route for {context.Request.Method} {path}.");
        }
    }

    private string? Authenticate(HttpContext context, ReadOnlySpan<byte> body)
    {
        var headers = context.Request.Headers;
        var date = headers["x-ms-date"].ToString();
        var contentHash = headers["x-ms-content-sha256"].ToString();
        var authorization = headers.Authorization.ToString();
        const string prefix = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (date.Length == 0 || contentHash.Length == 0 || !authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "Missing x-ms-date, x-ms-content-sha256 or an HMAC-SHA256 Authorization header.";
        }

        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body.";
        }

        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ||
            (at - _options.Time.GetUtcNow()).Duration() > AllowedSkew)
        {
            return "x-ms-date is missing, malformed or more than 15 minutes off.";
        }

        var pathAndQuery = context.Request.Path.Value + context.Request.QueryString.Value;
        var stringToSign = $"{context.Request.Method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{context.Request.Host.Value};{contentHash}";
        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(stringToSign));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(authorization[prefix.Length..]);
        }
        catch (FormatException)
        {
            return "The signature is not base64.";
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : "The request signature does not match.";
    }

    private async Task SendAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, 400, "InvalidRequest", "The body is not JSON: " + ex.Message);
            return;
        }

        var sender = Text(root, "senderAddress");
        var subject = root.TryGetProperty("content", out var content) ? Text(content, "subject") : null;
        var to = root.TryGetProperty("recipients", out var recipients) && recipients.TryGetProperty("to", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(r => Text(r, "address")).ToList()
            : [];
        if (string.IsNullOrEmpty(sender) || string.IsNullOrEmpty(subject) || to.Count == 0 || to.Any(a => a is null || !a.Contains('@', StringComparison.Ordinal)))
        {
            await ErrorAsync(context, 400, "InvalidRequest", "senderAddress, content.subject and recipients.to[].address are required.");
            return;
        }

        var id = context.Request.Headers["Operation-Id"].ToString();
        if (id.Length == 0)
        {
            id = new Guid(RandomNumberGenerator.GetBytes(16)).ToString("D");
        }

        var operation = _operations.GetOrAdd(id, _ =>
        {
            _emails.Enqueue(new ReceivedEmail(id, sender, to!, subject, Text(content, "html") ?? string.Empty, Text(content, "plainText") ?? string.Empty, _options.Time.GetUtcNow()));
            return new Operation(to.Any(a => a!.StartsWith("fail-", StringComparison.Ordinal)) ? "Failed" : "Succeeded");
        });
        context.Response.StatusCode = 202;
        context.Response.Headers["Operation-Location"] = new Uri(BaseUrl, $"emails/operations/{id}?api-version=2023-03-31").ToString();
        context.Response.Headers.RetryAfter = "1";
        await context.Response.WriteAsJsonAsync(new { id, status = operation.Looked ? operation.Final : "Running" }, context.RequestAborted);
    }

    private async Task StatusAsync(HttpContext context, string id)
    {
        if (!_operations.TryGetValue(id, out var operation))
        {
            await ErrorAsync(context, 404, "NotFound", $"Operation {id} not found.");
            return;
        }

        // Running on the first look, final after: clients must poll.
        var status = operation.Looked ? operation.Final : "Running";
        operation.Looked = true;
        if (status == "Running")
        {
            context.Response.Headers.RetryAfter = "1";
        }

        object payload = status == "Failed"
            ? new { id, status, error = new { code = "EmailDropped", message = "The recipient's mailbox refused the message." } }
            : new { id, status };
        await context.Response.WriteAsJsonAsync(payload, context.RequestAborted);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-ms-error-code"] = code;
        await context.Response.WriteAsJsonAsync(new { error = new { code, message } }, context.RequestAborted);
    }

    private sealed class Operation(string final)
    {
        public string Final { get; } = final;

        public bool Looked { get; set; }
    }
}
