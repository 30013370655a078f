namespace K8sBare.Cluster.Operations;

/// <summary>The outcome of a cluster upgrade.</summary>
public sealed record ClusterUpgradeResult
{
    /// <summary>The plan it ran.</summary>
    public required ClusterUpgradePlan Plan { get; init; }

    /// <summary>Each node's outcome, in the order they ran.</summary>
    public required IReadOnlyList<NodeUpgradeOutcome> Nodes { get; init; }

    /// <summary>The etcd rolling member upgrade, when the etcd release changed.</summary>
    public EtcdUpgradeResult? Etcd { get; init; }

    /// <summary>The whole upgrade.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>True when no node was changed (every node was up to date).</summary>
    public bool NothingChanged => Nodes.All(n => n.Skipped);
}

/// <summary>One node's upgrade.</summary>
/// <param name="Node">The node.</param>
/// <param name="Kind">etcd member, control plane or worker.</param>
/// <param name="Before">What the API reported for it before (kubelet and container runtime versions), or a note when it has no Node object.</param>
/// <param name="After">The same, after.</param>
/// <param name="Changes">How many changes its apply made (0 when skipped).</param>
/// <param name="Evicted">The pods its drain evicted (namespace/name).</param>
/// <param name="Skipped">True when it was up to date and nothing was done.</param>
/// <param name="Duration">From its cordon (or apply) to Ready on the new versions and uncordoned.</param>
public sealed record NodeUpgradeOutcome(string Node, UpgradeNodeKind Kind, string Before, string After, int Changes, IReadOnlyList<string> Evicted, bool Skipped, TimeSpan Duration)
{
    /// <inheritdoc />
    public override string ToString() => Skipped
        ? $"{Node}: up to date ({After})"
        : $"{Node}: {Before} → {After}, {Changes} change(s), {Evicted.Count} pod(s) evicted, {Duration.TotalSeconds:0.0} s";
}
