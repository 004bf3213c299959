using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Approvals;

/// <summary>
/// Signs and checks approval links: <c>base64url(json)</c>.<c>base64url(HMAC-SHA256(key, json))</c> over campaign,
/// action, approver and expiry. A changed byte, a different key or a link past its expiry is refused.
/// </summary>
public sealed class ApprovalLinkSigner
{
    private readonly ApprovalOptions _options;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Creates the signer.</summary>
    public ApprovalLinkSigner(IOptions<ApprovalOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _key = _options.Key;
        _time = time;
    }

    /// <summary>The token of a link.</summary>
    public string Sign(ApprovalLink link)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(link.CampaignId, link.Action.ToString(), link.Approver, link.ExpiresAt.ToUnixTimeSeconds(), link.Nonce));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>A new link for <paramref name="approver"/>, valid until <paramref name="expiresAt"/>.</summary>
    public string Issue(string campaignId, ApprovalAction action, string approver, DateTimeOffset expiresAt) =>
        Sign(new ApprovalLink(campaignId, action, approver, expiresAt, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))));

    /// <summary>The full URL of a token.</summary>
    public Uri Url(string token) => new(_options.PublicBaseUrl, "approvals/" + token);

    /// <summary>Checks a token; returns the link, or why it is refused.</summary>
    public (ApprovalLink? Link, string? Problem) Verify(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1)
        {
            return (null, "This link is not an approval link.");
        }

        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return (null, "This link is damaged; open it from the email again.");
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
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

        if (data is null || !Enum.TryParse<ApprovalAction>(data.A, out var action))
        {
            return (null, "This link is damaged; open it from the email again.");
        }

        var link = new ApprovalLink(data.C, action, data.E, DateTimeOffset.FromUnixTimeSeconds(data.X), data.N);
        return _time.GetUtcNow() > link.ExpiresAt
            ? (link, $"This link expired on {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC.")
            : (link, null);
    }

    /// <summary>A short, stable id of a token for the audit trail and the single-use marker (never the token itself).</summary>
    public static string LinkId(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)).AsSpan(0, 12));

    private sealed record Payload(string C, string A, string E, long X, string N);
}
