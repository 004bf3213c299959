using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Core.Api;

/// <summary>Reading request bodies: camelCase, strict, with a clear problem for malformed JSON.</summary>
public static class ApiJson
{
    /// <summary>Serializer options for API bodies.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The largest request body accepted.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Reads <typeparamref name="T"/> or returns the 4xx to send.</summary>
    /// <remarks>
    /// With <paramref name="optional"/>, an empty body is neither a value nor a problem. A body must be declared
    /// <c>application/json</c>: a cross-site form can post <c>text/plain</c> without the browser asking first, but it
    /// cannot post JSON without a CORS preflight this app never grants.
    /// </remarks>
    public static async Task<(T? Value, ApiResponse? Problem)> ReadAsync<T>(ApiBody body, CancellationToken cancellationToken, bool optional = false)
        where T : class
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.Content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, ApiResponse.Problem(413, "The request body is too large.", $"Bodies are limited to {MaxBodyBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0 && optional)
        {
            return (null, null);
        }

        if (!IsJson(body.ContentType))
        {
            return (null, ApiResponse.Problem(415, "The body must be JSON.", "Send the body with 'Content-Type: application/json'."));
        }

        if (buffer.Length == 0)
        {
            return (null, ApiResponse.Problem(400, "The request body is empty.", "Send a JSON object."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null
                ? (null, ApiResponse.Problem(400, "The request body is null.", "Send a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var field = UnmappedName(ex.Message) ?? (ex.Path is { Length: > 2 } path ? path[2..] : "$");
            return (null, ApiResponse.ValidationProblem(new Dictionary<string, string[]> { [field] = [Describe(ex)] }, "The body is not valid JSON for this endpoint."));
        }
    }

    /// <summary>Whether a Content-Type names JSON (<c>application/json</c>, optionally <c>charset=utf-8</c>).</summary>
    public static bool IsJson(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        && (media.CharSet is null || string.Equals(media.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    // An unknown property is named by its key (a key the client chose; only a plain identifier is repeated back).
    private static string? UnmappedName(string message)
    {
        const string prefix = "The JSON property '";
        var start = message.IndexOf(prefix, StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + prefix.Length);
        var name = end < 0 ? null : message[(start + prefix.Length)..end];
        return name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : null;
    }

    // System.Text.Json's own messages quote bytes of the body and name internal types; the field is already the
    // key, so the sentence only says what kind of problem it is.
    private static string Describe(JsonException ex) => ex.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "is not a field of this request",
        var m when m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "appears more than once",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "has the wrong type for this field",
        var m when m.Contains("missing required properties", StringComparison.Ordinal) => "is missing a required field",
        _ => "is not well-formed JSON",
    };
}
