namespace Notifications.Core.Delivery;

/// <summary>Builds the shared socket handler for a push gateway client.</summary>
public static class GatewayHttpHandler
{
    /// <summary>
    /// HTTP/2 multiplexing over long-lived connections (Apple treats connect/disconnect churn as abuse), more
    /// connections opened when the server's stream limit is reached, up to <paramref name="maxConnections"/>.
    /// </summary>
    public static SocketsHttpHandler Create(string? trustedCertificatePath, int maxConnections = int.MaxValue)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
        };

        if (!string.IsNullOrEmpty(trustedCertificatePath))
        {
            handler.SslOptions.RemoteCertificateValidationCallback = TrustedCertificates.FromPemFile(trustedCertificatePath).Validate;
        }

        return handler;
    }
}
