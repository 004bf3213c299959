using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Google.Apis.Util;
using Microsoft.Extensions.Logging;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Delivery.Fcm;

/// <summary>
/// The OAuth 2.0 JWT-bearer flow for a Google service account, on Google.Apis.Auth. The key file is parsed with
/// <see cref="CredentialFactory"/>; the credential is then rebuilt against an explicit token endpoint, clock and
/// HTTP handler so tests can point it at the loopback OAuth gateway. Caching is ours, on the injected
/// <see cref="TimeProvider"/>: Google.Apis.Auth 1.78 judges staleness on the system clock whatever clock it is
/// given, which would make the refresh schedule untestable. A token is renewed 6 minutes before it expires (the
/// library's own window), or at once when a gateway refuses it.
/// </summary>
public sealed class ServiceAccountTokenSource : IGoogleAccessTokenSource, IDisposable
{
    private const string Provider = "google-oauth";
    private readonly ServiceAccountCredential _credential;
    private static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(6);
    private readonly SemaphoreSlim _renewLock = new(1, 1);
    private readonly TimeProvider _time;
    private CachedToken? _cached;

    /// <summary>Creates the source for one service account; the instance caches the account's token and renews it before it expires.</summary>
    /// <param name="serviceAccountJson">The key file's JSON.</param>
    /// <param name="tokenUri">The token endpoint.</param>
    /// <param name="scopes">The scopes to ask for.</param>
    /// <param name="trustedCertificatePath">Optional extra trusted root (loopback gateways).</param>
    /// <param name="time">The clock used for JWT iat/exp and token expiry.</param>
    /// <param name="logger">Logger.</param>
    public ServiceAccountTokenSource(
        string serviceAccountJson, Uri tokenUri, IEnumerable<string> scopes, string? trustedCertificatePath, TimeProvider time, ILogger logger)
    {
        ServiceAccountCredential parsed;
        try
        {
            parsed = CredentialFactory.FromJson<ServiceAccountCredential>(serviceAccountJson);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or Newtonsoft.Json.JsonException)
        {
            throw new PushGatewayException(Provider, 0, "InvalidServiceAccount", isTransient: false, "the service-account JSON is not a valid key file: " + ex.Message, ex);
        }

        var initializer = new ServiceAccountCredential.Initializer(parsed.Id, tokenUri.ToString())
        {
            Scopes = scopes.ToArray(),
            Key = parsed.Key,
            KeyId = parsed.KeyId,
            ProjectId = parsed.ProjectId,
            Clock = new TimeProviderClock(time),
            HttpClientFactory = new TrustingHttpClientFactory(trustedCertificatePath),
        };
        _credential = new ServiceAccountCredential(initializer);
        _time = time;
        Log.GoogleTokenRequested(logger, parsed.Id, tokenUri.ToString());
    }

    /// <summary>The service account's e-mail (the JWT issuer).</summary>
    public string ClientEmail => _credential.Id;

    /// <inheritdoc />
    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        var cached = Volatile.Read(ref _cached);
        return cached is not null && _time.GetUtcNow() < cached.RefreshAt
            ? Task.FromResult(cached.AccessToken)
            : FetchAsync(stale: cached?.AccessToken, cancellationToken);
    }

    /// <inheritdoc />
    public Task RenewAsync(string rejectedToken, CancellationToken cancellationToken = default) =>
        FetchAsync(stale: rejectedToken, cancellationToken);

    private async Task<string> FetchAsync(string? stale, CancellationToken cancellationToken)
    {
        await _renewLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Many concurrent callers find the token stale (or refused) at once; only the first fetches.
            var cached = _cached;
            if (cached is not null && cached.AccessToken != stale && _time.GetUtcNow() < cached.RefreshAt)
            {
                return cached.AccessToken;
            }

            await _credential.RequestAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            var token = _credential.Token;
            var now = _time.GetUtcNow();
            var lifetime = TimeSpan.FromSeconds(token.ExpiresInSeconds ?? 3600);
            var fresh = new CachedToken(token.AccessToken, now + (lifetime > RefreshWindow * 2 ? lifetime - RefreshWindow : lifetime / 2));
            Volatile.Write(ref _cached, fresh);
            return fresh.AccessToken;
        }
        catch (TokenResponseException ex)
        {
            throw Wrap(ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PushGatewayException(Provider, 0, "Unreachable", isTransient: true, "the token endpoint could not be reached", ex);
        }
        finally
        {
            _renewLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _renewLock.Dispose();

    private static PushGatewayException Wrap(TokenResponseException ex)
    {
        var status = (int?)ex.StatusCode ?? 0;
        return new PushGatewayException(
            Provider, status, ex.Error?.Error ?? "token_error", isTransient: status >= 500,
            "the token endpoint refused the service-account assertion: " + ex.Error?.ErrorDescription, ex);
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);

    private sealed class TimeProviderClock(TimeProvider time) : IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;

        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }

    private sealed class TrustingHttpClientFactory(string? trustedCertificatePath) : HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => GatewayHttpHandler.Create(trustedCertificatePath);
    }
}
