namespace K8sBare.Cluster.Apply;

/// <summary>
/// A role a host gave away before its turn in a rolling restart, so that its restart does not take the role's
/// service down with it: the etcd leadership (etcd's MoveLeader to a healthy voting member) or the API virtual IP
/// (keepalived stopped on the holder until another control plane holds the address and the API answers there).
/// </summary>
/// <param name="Role">What moved: <c>etcd leader</c>, or <c>virtual IP</c> followed by the address.</param>
/// <param name="From">The host that held the role and restarts.</param>
/// <param name="To">The host that holds the role afterwards; null when the hand-off failed (see <paramref name="Failure"/>).</param>
/// <param name="Began">When the hand-off began (UTC).</param>
/// <param name="Ended">When the new holder was confirmed, or the hand-off gave up (UTC). For the virtual IP, requests through the
/// address may be refused between <paramref name="Began"/> and this time (the address moves between hosts), not after.</param>
/// <param name="Failure">Why the role stayed (the restart went ahead: the others keep quorum or serve), or null.</param>
public sealed record RollHandoff(string Role, string From, string? To, DateTimeOffset Began, DateTimeOffset Ended, string? Failure)
{
    /// <summary>"etcd leader cp-1 → cp-2 in 0.12 s" or "etcd leader stayed on cp-1: why".</summary>
    public override string ToString() =>
        To is { } to ? $"{Role} {From} → {to} in {(Ended - Began).TotalSeconds:0.00} s" : $"{Role} stayed on {From}: {Failure}";
}
