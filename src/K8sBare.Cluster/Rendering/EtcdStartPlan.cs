namespace K8sBare.Cluster.Rendering;

/// <summary>
/// How each etcd member starts, decided from the hosts before rendering (the live member list and the data
/// dirs; see <c>EtcdClusterDecision</c>). Null in <see cref="RenderOptions"/> (render-to-folder, or no cluster
/// yet): every member bootstraps with <c>--initial-cluster-state=new</c> and the spec's etcd nodes (day-1 output).
/// Once a cluster exists no member is told to bootstrap: a member keeps <c>existing</c> and only itself in its
/// bootstrap flags (etcd ignores them while its data dir holds the membership, and a member that lost its data
/// then refuses to start instead of founding a second cluster); a joining member gets the exact member list etcd
/// will have once it is added.
/// </summary>
internal sealed record EtcdStartPlan
{
    /// <summary>The start of each spec etcd node, by node name.</summary>
    public required IReadOnlyDictionary<string, EtcdNodeStart> Nodes { get; init; }

    /// <summary>The nodes the etcd phase starts one at a time (member add when not listed yet, start, wait, promote), in order.</summary>
    public IReadOnlyList<string> JoinOrder { get; init; } = [];

    /// <summary>The live members (etcd's order) as read when deciding, for messages.</summary>
    public IReadOnlyList<EtcdPeer> LiveMembers { get; init; } = [];

    /// <summary>The plan once every node is an established member: the form the hosts keep between changes.</summary>
    /// <param name="etcdNodes">The spec's etcd nodes.</param>
    public static EtcdStartPlan Settled(IEnumerable<NodeSpec> etcdNodes) => new()
    {
        Nodes = etcdNodes.ToDictionary(n => n.Name, n => new EtcdNodeStart(EtcdNodeRole.Member, [EtcdPeer.Of(n)]), StringComparer.Ordinal),
    };
}

/// <summary>What a node is to the existing etcd cluster.</summary>
internal enum EtcdNodeRole
{
    /// <summary>Started member with its data: its bootstrap flags are ignored by etcd; started and restarted as usual.</summary>
    Member,

    /// <summary>Listed (added earlier, or an initial member that never started) but not started, its data dir empty: starts with the exact list.</summary>
    Listed,

    /// <summary>Not a member: added as a learner, then started with the exact list, then promoted.</summary>
    Join,
}

/// <summary>How one etcd node starts: its role and its <c>--initial-cluster</c> (always with <c>--initial-cluster-state=existing</c>).</summary>
/// <param name="Role">What it is to the cluster.</param>
/// <param name="InitialCluster">Its <c>--initial-cluster</c>, in etcd's member order.</param>
/// <param name="IsLearner">True when etcd lists it as a learner (promoted once started and caught up).</param>
internal sealed record EtcdNodeStart(EtcdNodeRole Role, IReadOnlyList<EtcdPeer> InitialCluster, bool IsLearner = false);

/// <summary>One etcd member as a name and its peer URL.</summary>
/// <param name="Name">The member name (the node name).</param>
/// <param name="PeerUrl">https://address:2380.</param>
internal sealed record EtcdPeer(string Name, string PeerUrl)
{
    public static string PeerUrlOf(NodeSpec node) => $"https://{RenderContext.UrlHost(node.Address)}:2380";

    public static EtcdPeer Of(NodeSpec node) => new(node.Name, PeerUrlOf(node));

    /// <summary>A peer URL in one comparable form (scheme://host:port, lower case, no trailing slash).</summary>
    public static string Normalize(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority).ToLowerInvariant() : url.TrimEnd('/').ToLowerInvariant();

    public override string ToString() => $"{Name}={PeerUrl}";
}
