using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Notifications.Core.Devices;

namespace Notifications.Core.Identity;

/// <summary>
/// Validates the app-user JWT a device registration carries and returns whose device it is. The user id comes from
/// the token's signed subject, never from the body: registering a token under someone else's user id would have
/// routed that person's pushes (an approver's test pushes, for one) to the attacker's phone.
/// </summary>
public sealed class AppUserTokens
{
    /// <summary>The named HttpClient that fetches the issuer's discovery document and keys.</summary>
    public const string HttpClientName = "app-user-issuer";

    /// <summary>A JWT with a handful of claims is well under this; anything bigger is not one of ours.</summary>
    private const int MaxTokenLength = 8 * 1024;

    private readonly AppUserOptions _options;
    private readonly TokenValidationParameters _parameters;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Creates the validator for the issuer of <paramref name="options"/>; its keys are configured or fetched from its metadata through <paramref name="http"/>.</summary>
    public AppUserTokens(IOptions<AppUserOptions> options, IHttpClientFactory http, TimeProvider time)
    {
        _options = options.Value;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = _options.ClockSkew,

            // Asymmetric algorithms only: an issuer's public key must never double as an HMAC secret.
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } e && now <= e + p.ClockSkew && (notBefore is not { } nb || now >= nb - p.ClockSkew);
            },
        };
        if (!string.IsNullOrWhiteSpace(_options.MetadataAddress))
        {
            _parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                _options.MetadataAddress, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(http.CreateClient(HttpClientName)) { RequireHttps = true });
        }
        else
        {
            _parameters.IssuerSigningKeys = new JsonWebKeySet(_options.SigningKeysJson).GetSigningKeys();
        }
    }

    /// <summary>The user id of a valid <c>Authorization: Bearer</c> value, or why it is refused (never echoing it).</summary>
    /// <exception cref="AppUserIssuerUnavailableException">The issuer's keys could not be fetched: nobody can be checked now.</exception>
    public async Task<(string? UserId, string? Problem)> ValidateAsync(string? authorization, CancellationToken cancellationToken = default)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "send the app user's token as 'Authorization: Bearer <token>'");
        }

        var token = authorization[scheme.Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength)
        {
            return (null, "the bearer token is empty or too long");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            // IDX20803: the discovery document or its keys could not be fetched. That says nothing about the token.
            return result.Exception is InvalidOperationException ex
                ? throw new AppUserIssuerUnavailableException("the app-user token issuer's signing keys cannot be fetched right now", ex)
                : (null, Reason(result.Exception));
        }

        if (!result.Claims.TryGetValue(_options.UserIdClaim, out var value) || value is not string userId || !DeviceKeys.IsValidUserId(userId))
        {
            return (null, $"the token's {_options.UserIdClaim} claim is not a user id (1-128 of letters, digits and ._@:+-)");
        }

        return (userId, null);
    }

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenInvalidIssuerException => "the token was issued by an issuer this app does not trust",
        SecurityTokenInvalidAudienceException => "the token was issued for another audience",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature does not verify",
        SecurityTokenNoExpirationException => "the token has no expiry",
        SecurityTokenInvalidLifetimeException => "the token has expired or is not valid yet",
        SecurityTokenMalformedException => "the bearer value is not a JWT",
        _ => "the token is not a valid app-user token",
    };
}
