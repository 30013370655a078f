using K8sBare.Cluster.Rendering;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Decides, from what the hosts told (<see cref="EtcdClusterObservation"/>), whether etcd already holds a cluster
/// and how each spec etcd node must start. Pure: the probe reads, this decides, the renderer and the etcd phase act.
/// Refuses — before anything is written — whenever the state cannot be told or a start would be unsafe.
/// </summary>
internal static class EtcdClusterDecision
{
    /// <summary>The decision: null plan = bootstrap with day-1 flags; problems = refuse.</summary>
    /// <param name="Plan">How each node starts once a cluster exists; null for a bootstrap.</param>
    /// <param name="Problems">Why the apply must stop before any change (each names the fix).</param>
    public sealed record Outcome(EtcdStartPlan? Plan, IReadOnlyList<string> Problems);

    public static Outcome Decide(IReadOnlyList<NodeSpec> etcdNodes, EtcdClusterObservation seen)
    {
        ArgumentNullException.ThrowIfNull(etcdNodes);
        ArgumentNullException.ThrowIfNull(seen);
        var problems = new List<string>();
        var withData = etcdNodes.Where(n => seen.NodesWithData.Contains(n.Name)).Select(n => n.Name).ToList();
        var unchecked_ = etcdNodes.Where(n => !seen.NodesChecked.Contains(n.Name)).Select(n => n.Name).ToList();
        var endpoints = string.Join(", ", seen.Endpoints);

        if (seen.Members is null)
        {
            // Every member holds its data (etcd stopped everywhere, or answering with certificates of another CA): none can
            // bootstrap, so each starts as the member its data dir says it is.
            if (withData.Count == etcdNodes.Count)
                return new Outcome(EtcdStartPlan.Settled(etcdNodes), []);
            if (withData.Count > 0)
                return Refuse($"etcd data exists on {string.Join(", ", withData)} ({EtcdClusterProbe.MemberDir}) but not on {string.Join(", ", etcdNodes.Select(n => n.Name).Except(withData))}, " +
                    $"and no etcd member answers at {endpoints} ({seen.Error ?? "no answer"}): K8sBare cannot tell which cluster the members with data hold, " +
                    "so it cannot tell the others how to join, and will not bootstrap a second cluster beside them. Nothing was changed. " +
                    "Fix: start etcd on the hosts with data or restore access to port 2379 from here (with this cluster's etcd CA), then apply again; if that data is stale, remove /var/lib/etcd on those hosts first.");
            if (unchecked_.Count > 0)
                return Refuse($"No etcd member answers at {endpoints} and the data dirs of {string.Join(", ", unchecked_)} were not checked (not connected): " +
                    "K8sBare cannot tell whether a cluster exists. Nothing was changed. Fix: include those hosts in the operation, or make etcd reachable on port 2379.");
            return new Outcome(null, []);
        }

        var live = seen.Members;
        var specByUrl = etcdNodes.ToDictionary(n => EtcdPeer.Normalize(EtcdPeer.PeerUrlOf(n)), StringComparer.Ordinal);
        string Url(K8sBare.Etcd.EtcdMember m) => m.PeerUrls.Count > 0 ? EtcdPeer.Normalize(m.PeerUrls[0].OriginalString) : "";
        string Describe(K8sBare.Etcd.EtcdMember m) => $"{m.Id} ({(m.Name.Length > 0 ? m.Name : "unstarted")}, {string.Join(",", m.PeerUrls.Select(u => u.OriginalString))})";

        if (!seen.HasLeader)
        {
            // A bootstrap still waiting for its peers: the live members are exactly the spec's, and the raft log holds only
            // the initial configuration (one entry per member; a first leader appends at least one more).
            var sameSet = live.Count == etcdNodes.Count && live.All(m => specByUrl.ContainsKey(Url(m)));
            if (sameSet && seen.MaxRaftIndex <= (ulong)live.Count) return new Outcome(null, []);
            return Refuse($"etcd answers at {endpoints} but no member has a leader (quorum lost?); members: {string.Join(" | ", live.Select(Describe))}. " +
                "K8sBare will not change members of a cluster without a leader. Nothing was changed. Fix: start the stopped members, or replace dead ones (node replace) once a quorum runs.");
        }

        foreach (var m in live.Where(m => !specByUrl.ContainsKey(Url(m))))
            problems.Add($"etcd member {Describe(m)} is not in the spec: an apply never removes etcd members. Nothing was changed. " +
                "Fix: add the node back to the spec, or remove it first with the remove-node operation (it checks quorum).");

        var liveByUrl = live.ToDictionary(Url, StringComparer.Ordinal);
        var listed = live.Select(m => new EtcdPeer(m.Name.Length > 0 ? m.Name : specByUrl.TryGetValue(Url(m), out var n) ? n.Name : m.Id.ToString(), m.PeerUrls[0].OriginalString)).ToList();
        var nodes = new Dictionary<string, EtcdNodeStart>(StringComparer.Ordinal);
        var order = new List<string>();
        var joiners = new List<NodeSpec>();
        foreach (var n in etcdNodes)
        {
            var url = EtcdPeer.Normalize(EtcdPeer.PeerUrlOf(n));
            var hasData = seen.NodesWithData.Contains(n.Name);
            var checkedHost = seen.NodesChecked.Contains(n.Name);
            if (liveByUrl.TryGetValue(url, out var m))
            {
                if (m.Name.Length > 0 && m.Name != n.Name)
                    problems.Add($"Node '{n.Name}' has the peer URL of etcd member {Describe(m)}, which runs under another name. Nothing was changed. " +
                        $"Fix: name the node '{m.Name}' in the spec, or replace that member (node replace).");
                var started = m.ClientUrls.Count > 0;
                if (started && checkedHost && !hasData)
                    problems.Add($"etcd member {Describe(m)} is registered and started, but {EtcdClusterProbe.MemberDir} is missing on '{n.Name}': it lost its data. " +
                        "Nothing was changed. Fix: replace it (node replace removes the old member by ID and joins the host afresh).");
                if (started || hasData)
                    nodes[n.Name] = new EtcdNodeStart(EtcdNodeRole.Member, [EtcdPeer.Of(n)], m.IsLearner);
                else
                {
                    nodes[n.Name] = new EtcdNodeStart(EtcdNodeRole.Listed, listed, m.IsLearner);
                    order.Add(n.Name);
                }
            }
            else
            {
                if (hasData)
                    problems.Add($"'{n.Name}' is not a member of the running etcd cluster (members: {string.Join(" | ", live.Select(Describe))}) but holds etcd data " +
                        $"({EtcdClusterProbe.MemberDir}) from an earlier or other cluster: started, it would rejoin as an old ID or exit. Nothing was changed. " +
                        $"Fix: remove /var/lib/etcd on '{n.Name}' (or use node replace, which wipes it), then apply again.");
                joiners.Add(n);
            }
        }

        // Joining members are added one at a time, in spec order: each starts with the members before it plus itself.
        var growing = new List<EtcdPeer>(listed);
        foreach (var n in joiners)
        {
            growing.Add(EtcdPeer.Of(n));
            nodes[n.Name] = new EtcdNodeStart(EtcdNodeRole.Join, growing.ToList(), IsLearner: true);
            order.Add(n.Name);
        }

        return problems.Count > 0
            ? new Outcome(null, problems)
            : new Outcome(new EtcdStartPlan { Nodes = nodes, JoinOrder = order, LiveMembers = listed }, []);

        static Outcome Refuse(string why) => new(null, [why]);
    }
}
