using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Notifications.Gateways.Security;

namespace Notifications.Gateways.OAuth;

/// <summary>
/// Google's OAuth 2.0 token endpoint for the service-account JWT-bearer grant: verifies the RS256 assertion against
/// the test account's public key, its audience, issuer and lifetime, and issues opaque access tokens that the FCM
/// (and BigQuery) gateways accept until they expire.
/// </summary>
public sealed class OAuthGateway
{
    private const string GoogleTokenUri = "https://oauth2.googleapis.com/token";
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3599);
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);
    private readonly TestServiceAccount _account;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, IssuedToken> _issued = new(StringComparer.Ordinal);
    private int _tokensIssued;

    internal OAuthGateway(TestServiceAccount account, TimeProvider time)
    {
        _account = account;
        _time = time;
    }

    /// <summary>This endpoint's URL (the JWT <c>aud</c> it requires); set when the listener starts.</summary>
    public Uri TokenUri { get; internal set; } = null!;

    /// <summary>How many access tokens were issued: tests prove tokens are cached and reused.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>Whether <paramref name="accessToken"/> was issued here for <paramref name="scope"/> and is unexpired.</summary>
    public bool IsValid(string accessToken, string scope) =>
        _issued.TryGetValue(accessToken, out var t) && t.ExpiresAt > _time.GetUtcNow() &&
        (t.Scopes.Contains(scope) || t.Scopes.Contains("https://www.googleapis.com/auth/cloud-platform"));

    /// <summary>Revokes every issued token, so the next API call gets a 401 (tests of the refresh-once rule).</summary>
    public void RevokeAll() => _issued.Clear();

    internal async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/token" || !HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != JwtBearer)
        {
            await ErrorAsync(context, "unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
            return;
        }

        var assertion = form["assertion"].ToString();
        var jwt = Jwt.TryParse(assertion);
        if (jwt is null || jwt.HeaderString("alg") != "RS256")
        {
            await ErrorAsync(context, "invalid_grant", "Invalid JWT: malformed assertion or alg is not RS256.");
            return;
        }

        if (jwt.ClaimString("iss") != _account.ClientEmail || !jwt.VerifyRs256(_account.Key))
        {
            await ErrorAsync(context, "invalid_grant", "Invalid JWT Signature.");
            return;
        }

        // Google wants aud = its documented token URL, which Google.Apis.Auth sends whatever endpoint it posts to;
        // a client that puts the endpoint it really calls is accepted too.
        var audience = jwt.ClaimString("aud");
        if (audience != GoogleTokenUri && audience != TokenUri.ToString())
        {
            await ErrorAsync(context, "invalid_grant", $"Invalid JWT: audience {audience} is not {GoogleTokenUri}.");
            return;
        }

        var now = _time.GetUtcNow();
        var iat = jwt.ClaimNumber("iat");
        var exp = jwt.ClaimNumber("exp");
        if (iat is null || exp is null || exp - iat > 3600 || exp <= iat ||
            DateTimeOffset.FromUnixTimeSeconds(iat.Value) > now + AllowedSkew ||
            DateTimeOffset.FromUnixTimeSeconds(exp.Value) < now - AllowedSkew)
        {
            await ErrorAsync(context, "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
            return;
        }

        var scopes = (jwt.ClaimString("scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0)
        {
            await ErrorAsync(context, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
            return;
        }

        var accessToken = "ya29.loopback." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        _issued[accessToken] = new IssuedToken(now + Lifetime, scopes.ToHashSet(StringComparer.Ordinal));
        Interlocked.Increment(ref _tokensIssued);
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["expires_in"] = (int)Lifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        }, cancellationToken: context.RequestAborted);
    }

    private static Task ErrorAsync(HttpContext context, string error, string description)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, string>
        {
            ["error"] = error,
            ["error_description"] = description,
        }, cancellationToken: context.RequestAborted);
    }

    private sealed record IssuedToken(DateTimeOffset ExpiresAt, HashSet<string> Scopes);
}
