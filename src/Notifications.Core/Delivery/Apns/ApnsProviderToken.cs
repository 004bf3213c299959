using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Delivery.Apns;

/// <summary>
/// The ES256 provider token. One token is shared by every connection; it is re-signed only when it is
/// <see cref="ApnsOptions.TokenRefreshInterval"/> old (20-59 minutes), or once when APNs calls it expired.
/// </summary>
public sealed class ApnsProviderToken : IDisposable
{
    private readonly ECDsa _key;
    private readonly ApnsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ApnsProviderToken> _logger;
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _issuedAt;

    /// <summary>Loads the .p8 key.</summary>
    /// <exception cref="PushGatewayException">The key is not a P-256 private key in PEM form.</exception>
    public ApnsProviderToken(IOptions<ApnsOptions> options, TimeProvider time, ILogger<ApnsProviderToken> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _key = ECDsa.Create();
        try
        {
            _key.ImportFromPem(_options.ReadPrivateKeyPem());
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            _key.Dispose();
            throw new PushGatewayException(ApnsClient.Provider, 0, "InvalidSigningKey", isTransient: false, "the .p8 key is not a PEM EC private key", ex);
        }

        if (_key.KeySize != 256)
        {
            _key.Dispose();
            throw new PushGatewayException(ApnsClient.Provider, 0, "InvalidSigningKey", isTransient: false, "the .p8 key must be a P-256 key");
        }
    }

    /// <summary>When the current token was signed.</summary>
    public DateTimeOffset IssuedAt
    {
        get
        {
            lock (_gate)
            {
                return _issuedAt;
            }
        }
    }

    /// <summary>The token to send now.</summary>
    public string Current
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (_token is null || now - _issuedAt >= _options.TokenRefreshInterval)
                {
                    Sign(now);
                }

                return _token!;
            }
        }
    }

    /// <summary>
    /// Re-signs because APNs answered ExpiredProviderToken to <paramref name="rejected"/>; a no-op if another
    /// request already replaced it, so a burst of rejections signs once.
    /// </summary>
    public void Renew(string rejected)
    {
        lock (_gate)
        {
            if (_token == rejected)
            {
                Sign(_time.GetUtcNow());
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private void Sign(DateTimeOffset now)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"ES256","kid":"{{_options.KeyId}}"}"""));
        var claims = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"iss":"{{_options.TeamId}}","iat":{{now.ToUnixTimeSeconds()}}}"""));
        var signingInput = $"{header}.{claims}";

        // .NET signs in IEEE P1363 form (raw R||S, 64 bytes), which is what JWS ES256 wants.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        _token = $"{signingInput}.{Base64Url.EncodeToString(signature)}";
        _issuedAt = now;
        Log.ApnsTokenSigned(_logger, _options.KeyId, now);
    }
}
