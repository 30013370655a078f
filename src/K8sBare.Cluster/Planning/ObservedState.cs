namespace K8sBare.Cluster.Planning;

/// <summary>
/// One thing planning read from a host or the cluster (a file's hash, mode and owner; a service's state;
/// a restart marker; a binary; a fact; an etcd key). An apply of the plan reads them again and refuses the
/// plan when one differs.
/// </summary>
/// <param name="Host">The host, or null for cluster state (etcd keys).</param>
/// <param name="Target">What was read (<c>file /etc/etcd/etcd.conf</c>, <c>service etcd</c>, …).</param>
/// <param name="State">What it was (<c>missing</c>, <c>sha256:… 0644 root:root</c>, <c>enabled active</c>, …).</param>
public sealed record ObservedState(string? Host, string Target, string State)
{
    /// <summary>"host target: state".</summary>
    public override string ToString() => $"{Host ?? "cluster"} {Target}: {State}";
}
