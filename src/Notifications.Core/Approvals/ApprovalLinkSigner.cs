using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Approvals;

/// <summary>
/// Signs and checks approval links: <c>{kid}.{base64url(json)}.{base64url(HMAC-SHA256(key, "{kid}.{payload}"))}</c>
/// over campaign, action, approver, expiry and a random nonce. The key id lets a new key sign while links signed with
/// the previous one keep working until they expire. Only the exact spelling the signer wrote verifies: a padded,
/// percent-encoded or whitespace-split copy of a token is refused, so one link has one spelling and one use.
/// </summary>
public sealed class ApprovalLinkSigner
{
    /// <summary>Longer than any token this signer writes; a bigger one is not a link.</summary>
    private const int MaxTokenLength = 2048;

    private readonly ApprovalOptions _options;
    private readonly List<SigningKey> _keys;
    private readonly TimeProvider _time;

    /// <summary>Creates the signer with the keys of <paramref name="options"/>, decoded once: the first signs, all verify; <paramref name="time"/> judges expiry.</summary>
    public ApprovalLinkSigner(IOptions<ApprovalOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _keys = _options.DecodeKeys().Select(k => new SigningKey(KeyId(k), k)).ToList();
        _time = time;
    }

    /// <summary>The id a key is known by in tokens: the first 8 hex digits of its SHA-256 (not secret, not guessable back).</summary>
    public static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 4));

    /// <summary>The token of a link, signed with the current (first) key.</summary>
    public string Sign(ApprovalLink link)
    {
        var key = _keys[0];
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(
            new Payload(link.CampaignId, link.Action.ToString(), link.Approver, link.ExpiresAt.ToUnixTimeSeconds(), link.Nonce)));
        var signed = key.Id + "." + payload;
        return signed + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key.Secret, Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>A new link for <paramref name="approver"/>, valid until <paramref name="expiresAt"/>, with a 128-bit nonce.</summary>
    public string Issue(string campaignId, ApprovalAction action, string approver, DateTimeOffset expiresAt) =>
        Sign(new ApprovalLink(campaignId, action, approver, expiresAt, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));

    /// <summary>The full URL of a token.</summary>
    public Uri Url(string token) => new(_options.PublicBaseUrl, "approvals/" + token);

    /// <summary>Checks a token; returns the link, or why it is refused.</summary>
    public (ApprovalLink? Link, string? Problem) Verify(string token)
    {
        var parts = token.Length <= MaxTokenLength ? token.Split('.') : [];
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return (null, "This link is not an approval link.");
        }

        // One spelling per token: the decoder would skip whitespace and padding, so only the bare base64url alphabet
        // gets that far (and the decoder itself refuses a last character with non-zero spare bits).
        if (!parts.All(IsBase64UrlAlphabet))
        {
            return (null, "This link is damaged; open it from the email again.");
        }

        var key = _keys.FirstOrDefault(k => string.Equals(k.Id, parts[0], StringComparison.Ordinal));
        if (key is null)
        {
            return (null, "This link's signature does not match: it was changed, or it was not issued by this system.");
        }

        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(parts[1]);
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return (null, "This link is damaged; open it from the email again.");
        }

        var expected = HMACSHA256.HashData(key.Secret, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            return (null, "This link's signature does not match: it was changed, or it was not issued by this system.");
        }

        Payload? data;
        try
        {
            data = JsonSerializer.Deserialize<Payload>(payload);
        }
        catch (JsonException)
        {
            data = null;
        }

        if (data is null || !Enum.TryParse<ApprovalAction>(data.A, out var action) || !Enum.IsDefined(action) || action == ApprovalAction.Cancel || string.IsNullOrEmpty(data.N))
        {
            return (null, "This link is damaged; open it from the email again.");
        }

        var link = new ApprovalLink(data.C, action, data.E, DateTimeOffset.FromUnixTimeSeconds(data.X), data.N);
        return _time.GetUtcNow() > link.ExpiresAt
            ? (link, $"This link expired on {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC.")
            : (link, null);
    }

    private static bool IsBase64UrlAlphabet(string part) => part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private sealed record SigningKey(string Id, byte[] Secret);

    private sealed record Payload(string C, string A, string E, long X, string N);
}
