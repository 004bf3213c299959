using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Email.Acs;

/// <summary>
/// ACS HMAC-SHA256 request signing, as the Azure SDK's HMACAuthenticationPolicy does it: the string to sign is
/// <c>METHOD\nPathAndQuery\ndate;host;contentHash</c>, keyed with the decoded access key.
/// </summary>
public static class AcsRequestSigner
{
    /// <summary>Adds <c>x-ms-date</c>, <c>x-ms-content-sha256</c> and <c>Authorization</c> to <paramref name="request"/>.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, byte[] accessKey, DateTimeOffset now)
    {
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var date = now.ToString("r", CultureInfo.InvariantCulture);
        var uri = request.RequestUri!;
        var signature = Signature(request.Method.Method, uri.PathAndQuery, date, uri.Authority, contentHash, accessKey);
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }

    /// <summary>The signature over the canonical string; the loopback endpoint recomputes it the same way.</summary>
    public static string Signature(string method, string pathAndQuery, string date, string host, string contentHash, byte[] accessKey)
    {
        var stringToSign = $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";
        return Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.ASCII.GetBytes(stringToSign)));
    }
}
