using System.Net;
using System.Net.Sockets;

namespace K8sBare.Testing;

/// <summary>
/// Loopback TCP ports for servers that tests start (etcd, sshd) and that cannot be told to bind port 0.
/// A port handed out here is reserved until this process exits, so it cannot be taken between the moment it is
/// picked and the moment the server binds it:
/// <list type="bullet">
/// <item>it lies below the kernel's ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>), so no
/// <c>bind(0)</c> and no outgoing connection on this machine is ever given it;</item>
/// <item>an exclusive lock file (<c>/tmp/k8sbare-ports/&lt;port&gt;.lock</c>, held open by this process) keeps the test
/// processes that run in parallel from handing out the same port;</item>
/// <item>it was bindable on 127.0.0.1 when picked (a leftover server from a killed run is skipped).</item>
/// </list>
/// A server that fails with "address already in use" anyway should be retried with fresh ports by the caller.
/// </summary>
public static class FreePort
{
    private static readonly object Gate = new();
    private static readonly Dictionary<int, FileStream> Held = [];
    private static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "k8sbare-ports");

    /// <summary>The lowest port handed out.</summary>
    public const int Lowest = 20000;

    /// <summary>A TCP port reserved for this process (see the type's remarks).</summary>
    /// <exception cref="InvalidOperationException">No free port was found below the ephemeral range.</exception>
    public static int Next()
    {
        var highest = EphemeralLow() - 1;
        if (highest <= Lowest) throw new InvalidOperationException($"the ephemeral port range starts at {highest + 1}: no room below it for test ports (>= {Lowest})");
        Directory.CreateDirectory(LockDirectory);
        lock (Gate)
        {
            for (var attempt = 0; attempt < 2000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, highest + 1);
                if (Held.ContainsKey(port)) continue;
                FileStream lockFile;
                try
                {
                    // FileShare.None takes an exclusive advisory lock on Unix: a second process cannot open it the same way.
                    lockFile = new FileStream(Path.Combine(LockDirectory, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException)
                {
                    continue; // reserved by another test process
                }

                if (!Bindable(port))
                {
                    lockFile.Dispose();
                    continue;
                }

                Held[port] = lockFile;
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port in {Lowest}-{highest} after 2000 attempts");
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768; // the Linux default
        }
    }
}
