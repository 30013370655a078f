using K8sBare.Cluster.Artifacts;
using K8sBare.Remote;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Services;

namespace K8sBare.Cluster.Apply;

/// <summary>One host during an apply: its connection, facts, artifacts and what changed on it.</summary>
internal sealed class HostSession(NodeSpec node, IHostConnection connection)
{
    /// <summary>Marker files for services whose files changed and that still need a restart (survives interruptions).</summary>
    public const string RestartMarkerDir = "/var/lib/k8sbare/restart";

    public NodeSpec Node { get; } = node;

    public IHostConnection Connection { get; } = connection;

    public string Name => Node.Name;

    public bool Offline => Connection.Transport == HostTransport.Directory;

    public HostFacts? Facts { get; set; }

    public HostArtifacts Artifacts { get; set; } = null!;

    /// <summary>Binaries found (or placed) at their install paths.</summary>
    public HashSet<string> PresentBinaries { get; } = new(StringComparer.Ordinal);

    /// <summary>True once systemd reloaded its unit definitions in this apply.</summary>
    public bool UnitsReloaded { get; set; }

    /// <summary>True once <see cref="PresentBinaries"/> reflects the host.</summary>
    public bool BinariesChecked { get; set; }

    public IServiceManager Services => _services ??= ServiceManagers.For(Connection,
        Node.InitSystem == InitSystem.OpenRc ? Remote.Facts.InitSystem.OpenRc : Remote.Facts.InitSystem.Systemd);

    private IServiceManager? _services;

    public static string MarkerPath(string service) => $"{RestartMarkerDir}/{service}";
}
