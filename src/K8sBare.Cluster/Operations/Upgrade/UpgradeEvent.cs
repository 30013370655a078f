namespace K8sBare.Cluster.Operations;

/// <summary>One step of a cluster upgrade, as it happens.</summary>
/// <param name="Node">The node, or null for a cluster-wide step (checks, etcd).</param>
/// <param name="Step">cordon, drain, apply, ready, uncordon, skip, etcd.</param>
/// <param name="Detail">What happened.</param>
/// <param name="Elapsed">Since the upgrade started.</param>
public sealed record UpgradeEvent(string? Node, string Step, string Detail, TimeSpan Elapsed)
{
    /// <inheritdoc />
    public override string ToString() => $"[{Elapsed.TotalSeconds,6:0.0} s] {Node ?? "cluster"}: {Step} — {Detail}";
}
