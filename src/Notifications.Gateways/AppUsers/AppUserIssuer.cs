using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Notifications.Gateways.AppUsers;

/// <summary>
/// A loopback sign-in service for app users, standing in for the app's real one (Firebase Auth, Entra External ID):
/// OpenID Connect discovery and a JWKS over TLS, and ES256 JWTs whose subject is a user id. The system validates
/// them exactly as it validates the real issuer's; the local demo, <c>notify serve</c> and the tests mint them here.
/// <c>POST /token</c> with <c>{"userId":"…"}</c> mints one over HTTP, for trying the device API by hand.
/// </summary>
public sealed class AppUserIssuer : IDisposable
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);
    private static readonly string[] IdToken = ["id_token"];
    private static readonly string[] Public = ["public"];
    private static readonly string[] Es256 = ["ES256"];
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TimeProvider _time;

    internal AppUserIssuer(string audience, TimeProvider time)
    {
        Audience = audience;
        _time = time;
        KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    }

    /// <summary>The issuer URL (<c>iss</c>), ending with '/'; set when the listener starts.</summary>
    public Uri Issuer { get; internal set; } = null!;

    /// <summary>The OpenID Connect discovery document.</summary>
    public Uri MetadataAddress => new(Issuer, ".well-known/openid-configuration");

    /// <summary>The <c>aud</c> of every token.</summary>
    public string Audience { get; }

    /// <summary>The signing key's id (<c>kid</c>).</summary>
    public string KeyId { get; }

    /// <summary>A token for <paramref name="userId"/>; the optional arguments make the broken ones tests need.</summary>
    public string Issue(string userId, TimeSpan? lifetime = null, string? audience = null, string? issuer = null, DateTimeOffset? issuedAt = null)
    {
        var now = issuedAt ?? _time.GetUtcNow();
        var header = new Dictionary<string, object> { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = KeyId };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = issuer ?? Issuer.ToString(),
            ["aud"] = audience ?? Audience,
            ["sub"] = userId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? DefaultLifetime)).ToUnixTimeSeconds(),
        };
        var signingInput = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header)) + "." +
                           Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    internal async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (HttpMethods.IsGet(context.Request.Method) && path == "/.well-known/openid-configuration")
        {
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
            {
                ["issuer"] = Issuer.ToString(),
                ["jwks_uri"] = new Uri(Issuer, "jwks").ToString(),
                ["token_endpoint"] = new Uri(Issuer, "token").ToString(),
                ["response_types_supported"] = IdToken,
                ["subject_types_supported"] = Public,
                ["id_token_signing_alg_values_supported"] = Es256,
            }, context.RequestAborted);
        }
        else if (HttpMethods.IsGet(context.Request.Method) && path == "/jwks")
        {
            var parameters = _key.ExportParameters(includePrivateParameters: false);
            await context.Response.WriteAsJsonAsync(new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = KeyId,
                        ["x"] = Base64Url.EncodeToString(parameters.Q.X), ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
                    },
                },
            }, context.RequestAborted);
        }
        else if (HttpMethods.IsPost(context.Request.Method) && path == "/token")
        {
            string? userId = null;
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                userId = body.RootElement.TryGetProperty("userId", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            }
            catch (JsonException)
            {
                // Answered below.
            }

            if (string.IsNullOrWhiteSpace(userId))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(new { error = "invalid_request", error_description = "send {\"userId\":\"...\"}" }, context.RequestAborted);
                return;
            }

            await context.Response.WriteAsJsonAsync(new
            {
                access_token = Issue(userId), token_type = "Bearer", expires_in = (int)DefaultLifetime.TotalSeconds,
            }, context.RequestAborted);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
