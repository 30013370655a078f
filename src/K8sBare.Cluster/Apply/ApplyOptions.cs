using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>How to apply a cluster.</summary>
public sealed record ApplyOptions
{
    /// <summary>The local PKI store (CA keys live only here). Required.</summary>
    public required string PkiDirectory { get; init; }

    /// <summary>The phases to run (in the workflow's order, whatever the order given here); null runs every phase.</summary>
    public IReadOnlyList<ApplyPhase>? Phases { get; init; }

    /// <summary>
    /// Limits the operation to these nodes (like Ansible's <c>--limit</c>); null: every node. Only hosts in
    /// scope are connected to, read, rendered and changed, so the others may be down. Cluster-wide steps run
    /// only when the hosts they need are in scope (etcd health and flannel's key need the etcd members; RBAC
    /// and node readiness a control-plane node). To add a worker, scope to it and the control plane
    /// (<see cref="ClusterScope.AddingNodes"/>).
    /// </summary>
    public IReadOnlyList<string>? Hosts { get; init; }

    /// <summary>Where downloaded binaries are cached (by sha256). Default: <c>~/.cache/k8sbare/binaries</c>.</summary>
    public string? BinaryCacheDirectory { get; init; }

    /// <summary>How long to wait for etcd to become healthy.</summary>
    public TimeSpan EtcdReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for the API server to become ready.</summary>
    public TimeSpan ApiReadyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long to wait for nodes to become Ready.</summary>
    public TimeSpan NodesReadyTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Receives structured progress events as they happen.</summary>
    public IProgress<ApplyEvent>? Progress { get; init; }

    /// <summary>Optional logger (events are also logged).</summary>
    public ILogger? Logger { get; init; }

    /// <summary>How restarts of etcd, kube-apiserver and workers roll through the cluster.</summary>
    public RolloutOptions Rollout { get; init; } = new();

    /// <summary>How many hosts are worked on at once.</summary>
    public int MaxParallelHosts { get; init; } = 16;
}
