using System.Net;
using System.Net.Sockets;

namespace Notifications.Local.Folders;

/// <summary>Runs of consecutive free loopback ports for a data folder to keep.</summary>
internal static class PortBlocks
{
    /// <summary>
    /// A run of <paramref name="size"/> free ports. They are taken below the ephemeral range (Linux 32768-60999,
    /// Windows and macOS from 49152): a port remembered for later runs must not be one the OS may meanwhile hand to an
    /// outgoing connection.
    /// </summary>
    public static int Pick(int size)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(2000, 3200) * 10;
            if (Enumerable.Range(first, size).All(IsFree))
            {
                return first;
            }
        }

        throw new LocalFolderException($"no run of {size} free ports between 20000 and 32000 on 127.0.0.1");
    }

    /// <summary>Whether nothing listens on <paramref name="port"/> at 127.0.0.1 now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
