namespace K8sBare.Cluster.Operations;

/// <summary>One node's step of a cluster upgrade, in order.</summary>
/// <param name="Order">1-based position.</param>
/// <param name="Node">The node.</param>
/// <param name="Kind">etcd member, control plane or worker.</param>
/// <param name="Changes">What the target spec's apply changes on the node (binaries, files, restarts; from the apply planner); empty when it is up to date.</param>
/// <param name="Drain">True when the node is cordoned and drained first (workers with changes).</param>
/// <param name="Uncordon">True when the node was left cordoned by an interrupted upgrade and is uncordoned by this one.</param>
public sealed record NodeUpgradeStep(int Order, string Node, UpgradeNodeKind Kind, IReadOnlyList<string> Changes, bool Drain, bool Uncordon)
{
    /// <summary>True when nothing is to be done on the node.</summary>
    public bool UpToDate => Changes.Count == 0 && !Uncordon;

    /// <inheritdoc />
    public override string ToString() => UpToDate
        ? $"{Order}. {Node} ({Kind}): up to date, skipped"
        : $"{Order}. {Node} ({Kind}): {(Drain ? "cordon, drain, " : "")}{(Changes.Count > 0 ? $"{Changes.Count} change(s) [{string.Join("; ", Changes)}], " : "")}{Gate}{(Drain || Uncordon ? ", uncordon" : "")}";

    private string Gate => Kind switch
    {
        UpgradeNodeKind.EtcdMember => "gate: every etcd member healthy, this one on the new release (and its control plane healthy)",
        UpgradeNodeKind.ControlPlane => "gate: its control plane healthy",
        _ => "gate: Node Ready reporting the new kubelet and containerd versions",
    };
}
