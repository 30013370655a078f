using System.Net;
using System.Net.Sockets;

namespace K8sBare.Etcd.Tests.Support;

/// <summary>
/// Ports for test etcd members. etcd cannot bind port 0 and report it, so a port is picked, released and then bound
/// by etcd. To keep that window harmless, ports come from below the kernel's ephemeral range (which outgoing
/// connections draw from), at random; a member that still loses the race exits with "address already in use", and
/// <see cref="EtcdTestCluster"/> starts it again on new ports.
/// </summary>
internal static class EtcdPorts
{
    private const int Low = 20000;
    private const int High = 32000;

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Low, High);
            try
            {
                using var l = new TcpListener(IPAddress.Loopback, port);
                l.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException($"No free loopback port between {Low} and {High} after 200 tries.");
    }
}
