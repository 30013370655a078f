namespace K8sBare.Remote.Facts;

/// <summary>What a host is: OS, init, kernel, network, resources and listening ports, gathered in one round trip.</summary>
public sealed record HostFacts
{
    /// <summary>The host name the connection knows the host by (not necessarily its hostname).</summary>
    public required string Host { get; init; }

    /// <summary><c>ID</c> from /etc/os-release (e.g. <c>debian</c>, <c>alpine</c>); empty when unknown.</summary>
    public string OsId { get; init; } = "";

    /// <summary><c>VERSION_ID</c> from /etc/os-release; empty when unknown.</summary>
    public string OsVersionId { get; init; } = "";

    /// <summary><c>PRETTY_NAME</c> from /etc/os-release; empty when unknown.</summary>
    public string OsPrettyName { get; init; } = "";

    /// <summary>The init system.</summary>
    public InitSystem InitSystem { get; init; }

    /// <summary>Machine architecture as <c>uname -m</c> reports it (<c>x86_64</c>, <c>aarch64</c>).</summary>
    public string Architecture { get; init; } = "";

    /// <summary>The host's own hostname.</summary>
    public string Hostname { get; init; } = "";

    /// <summary>The kernel release (<c>uname -r</c>).</summary>
    public string Kernel { get; init; } = "";

    /// <summary>Global IPv4 and IPv6 addresses (loopback and link-local excluded), in the order the kernel lists them.</summary>
    public IReadOnlyList<string> IpAddresses { get; init; } = [];

    /// <summary>True when any swap device is active (the kubelet wants swap off unless configured otherwise).</summary>
    public bool SwapEnabled { get; init; }

    /// <summary>Total active swap in bytes.</summary>
    public long SwapTotalBytes { get; init; }

    /// <summary>The value of net.ipv4.ip_forward; null when unreadable.</summary>
    public bool? IpForward { get; init; }

    /// <summary>1 or 2 for cgroup v1/v2; 0 when unknown.</summary>
    public int CgroupVersion { get; init; }

    /// <summary>Free bytes on the root file system (for non-root users).</summary>
    public long DiskFreeBytes { get; init; }

    /// <summary>Total memory in bytes.</summary>
    public long MemoryTotalBytes { get; init; }

    /// <summary>Available memory in bytes (MemAvailable).</summary>
    public long MemoryAvailableBytes { get; init; }

    /// <summary>True when systemd-resolved is active (its stub resolver then owns /etc/resolv.conf).</summary>
    public bool SystemdResolvedActive { get; init; }

    /// <summary>TCP ports in LISTEN state (IPv4 and IPv6), ascending, without duplicates.</summary>
    public IReadOnlyList<int> ListeningTcpPorts { get; init; } = [];

    /// <summary>The uid the connection's commands run as (0 when become/sudo is in effect); -1 when unknown.</summary>
    public int EffectiveUid { get; init; } = -1;

    /// <summary>True when a TCP port is listening on any address, IPv4 or IPv6 (for preflight port checks).</summary>
    /// <param name="port">The TCP port number (1–65535), as read from the host's <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c> when the facts were gathered.</param>
    public bool IsListening(int port) => ListeningTcpPorts.Contains(port);
}
