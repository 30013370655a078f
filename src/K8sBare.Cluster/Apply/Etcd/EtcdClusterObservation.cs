using K8sBare.Etcd;

namespace K8sBare.Cluster.Apply;

/// <summary>What the hosts told about etcd before anything is rendered (read by <see cref="EtcdClusterProbe"/>).</summary>
internal sealed record EtcdClusterObservation
{
    /// <summary>The member list from the first spec endpoint that answered; null when none answered.</summary>
    public IReadOnlyList<EtcdMember>? Members { get; init; }

    /// <summary>True when some member reported a leader.</summary>
    public bool HasLeader { get; init; }

    /// <summary>The highest raft index any member reported (a bootstrap that never elected a leader stays at one entry per initial member).</summary>
    public ulong MaxRaftIndex { get; init; }

    /// <summary>The etcd nodes whose data dir holds a member (<c>/var/lib/etcd/member</c>).</summary>
    public IReadOnlySet<string> NodesWithData { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The etcd nodes whose data dir was looked at (connected in this run).</summary>
    public IReadOnlySet<string> NodesChecked { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The client URLs asked, for messages.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>Why no endpoint answered (the last error), for messages.</summary>
    public string? Error { get; init; }
}
