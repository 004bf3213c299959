namespace Notifications.Core.Email.Acs;

/// <summary>A parsed ACS connection string.</summary>
/// <param name="Endpoint">The resource endpoint.</param>
/// <param name="AccessKey">The decoded HMAC key.</param>
public sealed record AcsConnectionString(Uri Endpoint, byte[] AccessKey)
{
    /// <summary>Parses <c>endpoint=...;accesskey=...</c> (keys in any case); null when malformed.</summary>
    public static AcsConnectionString? TryParse(string value)
    {
        var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        // A trailing slash so relative paths resolve under the endpoint rather than replace its last segment.
        if (!parts.TryGetValue("endpoint", out var endpoint) || !Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ||
            !parts.TryGetValue("accesskey", out var key))
        {
            return null;
        }

        try
        {
            return new AcsConnectionString(uri, Convert.FromBase64String(key));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
