using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Operations;

/// <summary>How a cluster upgrade (<see cref="ClusterUpgrade"/>) runs.</summary>
public sealed record ClusterUpgradeOptions
{
    /// <summary>The options of the per-node applies (PKI store, binary cache, timeouts, apply progress); its phases and hosts are set per node. Required.</summary>
    public required ApplyOptions Apply { get; init; }

    /// <summary>How each worker is drained (PodDisruptionBudgets are always respected); null for the defaults (5 min).</summary>
    public DrainOptions? Drain { get; init; }

    /// <summary>How long a node may take, after its apply, to be Ready and report the target versions. Default 3 min.</summary>
    public TimeSpan NodeReadyTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The API server to talk to (null: the spec's endpoint).</summary>
    public Uri? ApiServer { get; init; }

    /// <summary>One event per node step (cordon, drain, apply, ready, uncordon, skipped).</summary>
    public IProgress<UpgradeEvent>? Progress { get; init; }

    /// <summary>Optional logger.</summary>
    public ILogger? Logger { get; init; }
}
