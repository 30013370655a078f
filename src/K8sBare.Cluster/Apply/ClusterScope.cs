namespace K8sBare.Cluster.Apply;

/// <summary>Scopes for <see cref="ApplyOptions.Hosts"/>: which hosts an operation needs.</summary>
public static class ClusterScope
{
    /// <summary>
    /// The hosts to plan and apply when nodes are added: the new nodes, and the control-plane and etcd nodes
    /// (the first control-plane node holds the kube-dns Endpoints that list CoreDNS hosts; the API and etcd
    /// are needed for the cluster-wide steps). No other worker is contacted.
    /// </summary>
    /// <param name="spec">The spec that already contains the new nodes.</param>
    /// <param name="nodes">The new nodes' names.</param>
    /// <exception cref="ArgumentException">A name is not a node of <paramref name="spec"/>.</exception>
    public static IReadOnlyList<string> AddingNodes(ClusterSpec spec, params string[] nodes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(nodes);
        var wanted = Validate(spec, nodes, "nodes");
        return spec.Nodes.Where(n => wanted.Contains(n.Name) || n.IsControlPlane || n.IsEtcd).Select(n => n.Name).ToList();
    }

    /// <summary>Checks that every name is a node of the spec.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the nodes.</exception>
    internal static HashSet<string> Validate(ClusterSpec spec, IEnumerable<string> names, string field)
    {
        var set = names.ToHashSet(StringComparer.Ordinal);
        var known = spec.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = set.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{field}: no node named {string.Join(", ", unknown.Select(u => $"'{u}'"))} in cluster '{spec.Name}'. Fix: use node names from the spec ({string.Join(", ", known.Order(StringComparer.Ordinal))}).", field);
        return set;
    }
}
