using System.Net;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Apns;
using Notifications.Core.Delivery.Fcm;

namespace Notifications.Local.Benchmarks;

/// <summary>
/// What a user would write instead of the engine: one <see cref="HttpClient"/> per gateway and a loop that keeps
/// the same number of requests in flight per platform, sending the same requests (the clients' own
/// <c>CreateRequest</c>), counting 200s and nothing else (no per-item outcomes, retries, ledger callbacks, metrics or spans). The floor the engine must beat.
/// </summary>
internal sealed class BaselineLoop : IDisposable
{
    private readonly HttpClient _fcm;
    private readonly HttpClient _apns;
    private readonly FcmOptions _fcmOptions;
    private readonly ApnsOptions _apnsOptions;
    private readonly Uri _fcmUri;
    private readonly PreparedMessage _message;
    private readonly string _bearer;
    private readonly string _jwt;

    private BaselineLoop(FcmOptions fcm, ApnsOptions apns, PreparedMessage message, string bearer, string jwt)
    {
        _fcmOptions = fcm;
        _apnsOptions = apns;
        _fcm = new HttpClient(GatewayHttpHandler.Create(fcm.TrustedCertificatePath)) { Timeout = fcm.RequestTimeout };
        _apns = new HttpClient(GatewayHttpHandler.Create(apns.TrustedCertificatePath)) { Timeout = apns.RequestTimeout };
        _fcmUri = new Uri(fcm.BaseUrl, $"v1/projects/{Uri.EscapeDataString(fcm.ProjectId)}/messages:send");
        _message = message;
        _bearer = bearer;
        _jwt = jwt;
    }

    /// <summary>Credentials are fetched once, before the loop, as a simple loop would.</summary>
    public static async Task<BaselineLoop> CreateAsync(
        FcmOptions fcm, ApnsOptions apns, IGoogleAccessTokenSource tokens, ApnsProviderToken jwt, PreparedMessage message, CancellationToken cancellationToken) =>
        new(fcm, apns, message, await tokens.GetAccessTokenAsync(cancellationToken), jwt.Current);

    /// <summary>Sends to devices <paramref name="first"/> .. first + count - 1 and returns how many were answered 200.</summary>
    public async Task<long> SendAsync(long first, long count, CancellationToken cancellationToken)
    {
        // The idiom a user reaches for: Parallel.ForEachAsync with the in-flight bound as its degree of parallelism.
        long delivered = 0;
        await Parallel.ForEachAsync(
            Devices(first, count),
            new ParallelOptions { MaxDegreeOfParallelism = _fcmOptions.MaxConcurrency + _apnsOptions.MaxConcurrency, CancellationToken = cancellationToken },
            async (n, ct) =>
            {
                var token = BenchTokens.Token(n);
                var android = BenchTokens.Platform(n) == PushPlatform.Android;
                using var request = android ? FcmRequest(token) : ApnsRequest(token);
                try
                {
                    using var response = await (android ? _fcm : _apns).SendAsync(request, ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref delivered);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not delivered; the count says so.
                }
            });
        return delivered;
    }

    private static IEnumerable<long> Devices(long first, long count)
    {
        for (var n = first; n < first + count; n++)
        {
            yield return n;
        }
    }

    private HttpRequestMessage FcmRequest(string token) => FcmClient.CreateRequest(_fcmUri, FcmClient.RequestBody(token, _message), _bearer);

    // The engine's own wire form, without the stable apns-id: a plain loop would let APNs make one up.
    private HttpRequestMessage ApnsRequest(string token) =>
        ApnsClient.CreateRequest(new Uri(_apnsOptions.BaseUrl, "3/device/" + token), _jwt, _apnsOptions.Topic, _message, TimeProvider.System.GetUtcNow(), apnsId: null);

    public void Dispose()
    {
        _fcm.Dispose();
        _apns.Dispose();
    }
}
