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

    /// <summary>Reads <typeparamref name="T"/> or returns the 400 to send.</summary>
    /// <remarks>With <paramref name="optional"/>, an empty body is neither a value nor a problem.</remarks>
    public static async Task<(T? Value, ApiResponse? Problem)> ReadAsync<T>(Stream body, CancellationToken cancellationToken, bool optional = false)
        where T : class
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, ApiResponse.Problem(413, "The request body is too large.", $"Bodies are limited to {MaxBodyBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return optional ? (null, null) : (null, ApiResponse.Problem(400, "The request body is empty.", "Send a JSON object."));
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
            var field = ex.Path is { Length: > 2 } path ? path[2..] : "$";
            return (null, ApiResponse.ValidationProblem(new Dictionary<string, string[]> { [field] = [ex.Message.Split(" Path:")[0]] }, "The body is not valid JSON for this endpoint."));
        }
    }
}
