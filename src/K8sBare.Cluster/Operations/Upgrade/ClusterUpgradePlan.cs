using System.Text;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// A cluster upgrade planned before it runs (<see cref="ClusterUpgrade.PlanAsync"/>): the version changes, the checks'
/// refusals, and the nodes in order — etcd members, control-plane nodes, then workers, each one at a time.
/// </summary>
public sealed record ClusterUpgradePlan
{
    /// <summary>The cluster as it runs.</summary>
    public required ClusterSpec Current { get; init; }

    /// <summary>The cluster after the upgrade.</summary>
    public required ClusterSpec Target { get; init; }

    /// <summary>The component changes, e.g. <c>containerd 1.6.20 → 1.7.24</c> (versions and binary sources).</summary>
    public required IReadOnlyList<string> Components { get; init; }

    /// <summary>The versions the cluster reports now (from the API: kube-apiserver, each node's kubelet and container runtime).</summary>
    public IReadOnlyList<string> Observed { get; init; } = [];

    /// <summary>The nodes' steps in order.</summary>
    public required IReadOnlyList<NodeUpgradeStep> Steps { get; init; }

    /// <summary>Why the upgrade is refused (each naming the spec field and the fix); empty when it may run.</summary>
    public IReadOnlyList<string> Refusals { get; init; } = [];

    /// <summary>True when nothing was refused.</summary>
    public bool IsSafe => Refusals.Count == 0;

    /// <summary>True when every node is up to date.</summary>
    public bool IsEmpty => Steps.All(s => s.UpToDate);

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder($"Upgrade of cluster '{Target.Name}': {(Components.Count == 0 ? "no component changes" : string.Join(", ", Components))}").AppendLine();
        foreach (var o in Observed) sb.Append("  observed: ").AppendLine(o);
        foreach (var s in Steps) sb.Append("  ").AppendLine(s.ToString());
        foreach (var r in Refusals) sb.Append("  REFUSED: ").AppendLine(r);
        return sb.ToString().TrimEnd();
    }
}
