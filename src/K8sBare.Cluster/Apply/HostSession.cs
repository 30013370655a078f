using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;
using K8sBare.Remote;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Services;

namespace K8sBare.Cluster.Apply;

/// <summary>One host during a plan or apply: its connection, facts, artifacts, what planning read from it and what is planned for it.</summary>
internal sealed class HostSession(NodeSpec node, IHostConnection connection)
{
    /// <summary>Marker files for services whose files changed and that still need a restart (survives interruptions).</summary>
    public const string RestartMarkerDir = "/var/lib/k8sbare/restart";

    private readonly List<PlannedStep> _planned = [];
    private readonly object _gate = new();

    public NodeSpec Node { get; } = node;

    public IHostConnection Connection { get; } = connection;

    public string Name => Node.Name;

    public bool Offline => Connection.Transport == HostTransport.Directory;

    public HostFacts? Facts { get; set; }

    public HostArtifacts Artifacts { get; set; } = null!;

    /// <summary>What planning read from the host; null before it was observed.</summary>
    public HostState State { get; set; } = null!;

    /// <summary>Binaries at their install paths now (observed, then placed by the binaries phase).</summary>
    public HashSet<string> PresentBinaries { get; } = new(StringComparer.Ordinal);

    /// <summary>Binaries at their install paths once the plan ran (present now, or uploaded/linked by the plan).</summary>
    public HashSet<string> AvailableBinaries { get; } = new(StringComparer.Ordinal);

    /// <summary>True once systemd reloaded its unit definitions in this apply.</summary>
    public bool UnitsReloaded { get; set; }

    /// <summary>Services with a restart marker on the host (observed, then written by file and binary steps).</summary>
    public HashSet<string> PendingMarkers { get; } = new(StringComparer.Ordinal);

    public IServiceManager Services => _services ??= NodeServices.For(Connection, Node);

    private IServiceManager? _services;

    public static string MarkerPath(string service) => $"{RestartMarkerDir}/{service}";

    /// <summary>Adds a planned step for this host.</summary>
    public void Plan(PlannedStep step)
    {
        lock (_gate) _planned.Add(step);
    }

    /// <summary>The steps planned so far for this host (all phases).</summary>
    public IReadOnlyList<PlannedStep> Planned
    {
        get { lock (_gate) return [.. _planned]; }
    }

    /// <summary>The paths that file steps planned so far create or rewrite.</summary>
    public IReadOnlySet<string> ChangingPaths() =>
        Planned.Where(s => s.Kind is ChangeKind.FileCreated or ChangeKind.FileUpdated).Select(s => s.Target).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="service"/> runs once the steps planned so far ran (active now or started by them, and its binaries in place).</summary>
    public bool WillRun(string service)
    {
        if (Offline || Artifacts.Services.FirstOrDefault(s => s.Name == service) is not { } s) return false;
        if (s.Binaries.Any(b => !AvailableBinaries.Contains(b))) return false;
        return State.Services.TryGetValue(service, out var status) && status.Active
            || Planned.Any(p => p.Target == service && p.Kind is ChangeKind.ServiceStarted or ChangeKind.ServiceRestarted);
    }

    /// <summary>The state of a path planning read (missing when it did not read it).</summary>
    public RemoteFileState PathState(string path) => State.Paths.TryGetValue(path, out var s) ? s : RemoteFileState.Missing(path);
}
