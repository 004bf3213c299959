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

    /// <summary>
    /// <paramref name="count"/> ports free now and different from each other: every listener stays open until all
    /// are picked, since a port closed a moment ago can be the next one the OS hands out (two services of one
    /// Azurite were once given the same port, and the second could not bind).
    /// </summary>
    public static int[] Distinct(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
