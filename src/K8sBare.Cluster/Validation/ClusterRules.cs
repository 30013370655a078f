namespace K8sBare.Cluster.Validation;

/// <summary>Rules on the cluster as a whole: name, node counts per role.</summary>
internal static class ClusterRules
{
    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        if (!NetworkMath.IsDnsLabel(spec.Name))
            p.Error("name", $"The cluster name '{spec.Name}' is not a DNS label.",
                "Use lowercase letters, digits and '-', at most 63 characters, e.g. 'kubernetes'.");

        if (spec.Nodes.Count == 0)
        {
            p.Error("nodes", "The cluster has no nodes.", "Add at least one control-plane node (AddControlPlane) and one worker (AddWorker).");
            return;
        }

        if (!spec.ControlPlaneNodes.Any())
            p.Error("nodes", "No node has the control-plane role.", "Give one node (three for HA) the control-plane role (AddControlPlane).");

        var etcd = spec.EtcdNodes.Count();
        if (etcd == 0)
            p.Error("nodes", "The etcd set is empty: no node has the etcd role.",
                "Give 1, 3 or 5 nodes the etcd role (AddControlPlane adds it by default, or AddEtcd).");
        else if (etcd % 2 == 0)
            p.Error("nodes", $"The etcd set has an even number of members ({etcd}); it tolerates no more failures than {etcd - 1} members and risks split votes.",
                $"Use an odd number of etcd members: {etcd - 1} or {etcd + 1}.");

        if (!spec.WorkerNodes.Any())
            p.Warning("nodes", "No node has the worker role; pods other than host services cannot run.", "Add a worker (AddWorker).");

        if (spec.Dns.Placement == CoreDnsPlacement.HostServiceOnWorkers && !spec.WorkerNodes.Any())
            p.Error("dns.placement", "CoreDNS is placed on workers but there are no workers.",
                "Add a worker, or set dns.placement to control-plane or none.");

        if (!Enum.IsDefined(spec.Flannel.Backend))
            p.Error("flannel.backend", $"Unknown flannel backend {(int)spec.Flannel.Backend}.", "Use vxlan, host-gw or wireguard.");
        if (spec.Flannel.Backend == FlannelBackend.HostGw && !spec.Network.SharedLayer2)
            p.Warning("flannel.backend",
                "host-gw routes pod traffic straight to the other node's address; on VPS providers without a real shared L2 segment the packets are dropped (see the $20 cluster write-up).",
                "Use vxlan (or wireguard), or set network.sharedLayer2 = true if all nodes really share one L2 network.");
        if (string.IsNullOrWhiteSpace(spec.Flannel.EtcdPrefix) || !spec.Flannel.EtcdPrefix.StartsWith('/'))
            p.Error("flannel.etcdPrefix", $"The flannel etcd prefix '{spec.Flannel.EtcdPrefix}' must be an absolute key path.", "Use '/coreos.com/network'.");

        if (string.IsNullOrWhiteSpace(spec.Dns.Upstream))
            p.Error("dns.upstream", "The CoreDNS upstream is empty.", "Use '/etc/resolv.conf' or an upstream resolver IP.");
    }
}
