namespace Notifications.Core.Delivery;

/// <summary>
/// The HTTP/2 connections of one gateway client. Each is its own handler holding one connection, so requests
/// spread over as many as the in-flight bound needs at <see cref="GatewayClientOptions.StreamsPerConnection"/>
/// each, up to <see cref="GatewayClientOptions.MaxConnections"/>: every connection has its own stream limit and its
/// own reader and writer loop (one core's worth of TLS and framing), and Apple asks high-volume providers to use
/// several. Connections are opened as the bound grows and kept (Apple treats connect/disconnect churn as abuse); an
/// idle one closes after the handler's idle timeout.
/// </summary>
public sealed class GatewayConnections : IDisposable
{
    private readonly GatewayClientOptions _options;
    private readonly HttpClient?[] _clients;
    private readonly Lock _gate = new();
    private int _next;
    private int _opened;

    /// <summary>Creates the connections lazily, as requests need them.</summary>
    public GatewayConnections(GatewayClientOptions options)
    {
        _options = options;
        _clients = new HttpClient?[options.MaxConnections];
    }

    /// <summary>Connections opened so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>The client for the next request when <paramref name="inFlightLimit"/> requests may be in flight.</summary>
    public HttpClient For(int inFlightLimit)
    {
        var wanted = Math.Clamp((inFlightLimit + _options.StreamsPerConnection - 1) / _options.StreamsPerConnection, 1, _clients.Length);
        var lane = (int)((uint)Interlocked.Increment(ref _next) % (uint)wanted);
        return Volatile.Read(ref _clients[lane]) ?? Open(lane);
    }

    private HttpClient Open(int lane)
    {
        lock (_gate)
        {
            if (_clients[lane] is { } existing)
            {
                return existing;
            }

            var client = new HttpClient(GatewayHttpHandler.Create(_options.TrustedCertificatePath, maxConnections: 1)) { Timeout = _options.RequestTimeout };
            Volatile.Write(ref _clients[lane], client);
            _opened++;
            return client;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client?.Dispose();
        }
    }
}
