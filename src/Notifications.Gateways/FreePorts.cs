using System.Net;
using System.Net.Sockets;

namespace Notifications.Gateways;

/// <summary>Loopback ports nobody listens on, for servers that are told their port rather than binding port 0.</summary>
public static class FreePorts
{
    /// <summary>A port free on 127.0.0.1 now (the OS hands out a fresh one per call, so a race is unlikely, not impossible).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
