using System.Net;
using System.Net.Sockets;

namespace Notifications.Gateways.Tests;

public sealed class FreePortsTests
{
    [Fact]
    public void Distinct_ManyAtOnce_AllDifferentAndEachBindable()
    {
        var ports = FreePorts.Distinct(32);

        Assert.Equal(32, ports.Distinct().Count());
        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
