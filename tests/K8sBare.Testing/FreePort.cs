using System.Net;
using System.Net.Sockets;

namespace K8sBare.Testing;

/// <summary>Picks free loopback TCP ports for servers started by tests.</summary>
public static class FreePort
{
    /// <summary>A TCP port that was free on 127.0.0.1 a moment ago.</summary>
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
