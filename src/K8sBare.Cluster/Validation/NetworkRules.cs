using System.Net;

namespace K8sBare.Cluster.Validation;

/// <summary>Rules on the address plan: ranges, overlaps, the DNS IP, the cluster domain.</summary>
internal static class NetworkRules
{
    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        var net = spec.Network;
        var podOk = NetworkMath.TryParseCidr(net.PodCidr, out var pod);
        if (!podOk)
            p.Error("network.podCidr", $"'{net.PodCidr}' is not a network in CIDR notation (or has host bits set).", "Use e.g. '10.200.0.0/16'.");
        var svcOk = NetworkMath.TryParseCidr(net.ServiceCidr, out var svc);
        if (!svcOk)
            p.Error("network.serviceCidr", $"'{net.ServiceCidr}' is not a network in CIDR notation (or has host bits set).", "Use e.g. '10.32.0.0/24'.");

        if (podOk) CheckPodRange(spec, pod, p);
        if (svcOk) CheckServiceRange(svc, p);
        if (podOk && svcOk && NetworkMath.Overlaps(pod, svc))
            p.Error("network.serviceCidr", $"The service range {net.ServiceCidr} overlaps the pod range {net.PodCidr}.", "Pick disjoint ranges, e.g. pods 10.200.0.0/16 and services 10.32.0.0/24.");

        var nodeNets = new List<(string Field, IPNetwork Net)>();
        for (var i = 0; i < net.NodeCidrs.Count; i++)
        {
            if (NetworkMath.TryParseCidr(net.NodeCidrs[i], out var n)) nodeNets.Add(($"network.nodeCidrs[{i}]", n));
            else p.Error($"network.nodeCidrs[{i}]", $"'{net.NodeCidrs[i]}' is not a network in CIDR notation.", "Use e.g. '192.168.1.0/24'.");
        }

        foreach (var (field, n) in nodeNets)
        {
            if (podOk && NetworkMath.Overlaps(n, pod))
                p.Error("network.podCidr", $"The pod range {net.PodCidr} overlaps the node network {n} ({field}).", "Move the pod range to addresses the nodes do not use.");
            if (svcOk && NetworkMath.Overlaps(n, svc))
                p.Error("network.serviceCidr", $"The service range {net.ServiceCidr} overlaps the node network {n} ({field}).", "Move the service range to addresses the nodes do not use.");
        }

        for (var i = 0; i < spec.Nodes.Count; i++)
        {
            var node = spec.Nodes[i];
            if (node?.Addresses is null) continue;
            foreach (var a in node.Addresses)
            {
                if (!NetworkMath.TryParseIp(a, out var ip)) continue;
                if (podOk && pod.Contains(ip))
                    p.Error("network.podCidr", $"The pod range {net.PodCidr} contains node '{node.Name}' address {a} (nodes[{i}]).", "Pick a pod range that does not overlap the node network.");
                if (svcOk && svc.Contains(ip))
                    p.Error("network.serviceCidr", $"The service range {net.ServiceCidr} contains node '{node.Name}' address {a} (nodes[{i}]).", "Pick a service range that does not overlap the node network.");
            }
        }

        CheckDnsIp(net, svcOk, svc, p);

        if (!NetworkMath.IsDnsName(net.ClusterDomain) || net.ClusterDomain.EndsWith('.'))
            p.Error("network.clusterDomain", $"'{net.ClusterDomain}' is not a valid cluster domain.", "Use a DNS name without a trailing dot, e.g. 'cluster.local'.");
    }

    private static void CheckPodRange(ClusterSpec spec, IPNetwork pod, ProblemCollector p)
    {
        var len = spec.Network.NodeSubnetLength;
        var bits = NetworkMath.AddressBits(pod);
        if (len <= pod.PrefixLength || len > bits - 2)
        {
            p.Error("network.nodeSubnetLength", $"The per-node subnet length /{len} does not fit the pod range {spec.Network.PodCidr} (/{pod.PrefixLength}).",
                $"Use a length between /{pod.PrefixLength + 1} and /{bits - 2}, usually /24 with a /16 pod range.");
            return;
        }

        var subnets = len - pod.PrefixLength >= 31 ? long.MaxValue : 1L << (len - pod.PrefixLength);
        var workers = spec.WorkerNodes.Count();
        if (workers > subnets)
            p.Error("network.podCidr", $"The pod range {spec.Network.PodCidr} holds only {subnets} node subnets of /{len}, but there are {workers} workers.",
                "Use a larger pod range or a longer node subnet length.");
    }

    private static void CheckServiceRange(IPNetwork svc, ProblemCollector p)
    {
        var bits = NetworkMath.AddressBits(svc);
        var hostBits = bits - svc.PrefixLength;
        if (hostBits > 20)
            p.Error("network.serviceCidr", $"The service range /{svc.PrefixLength} is too large; kube-apiserver accepts at most 20 host bits (/{bits - 20}).", $"Use /{bits - 20} or smaller, e.g. /24.");
        if (hostBits < 3)
            p.Error("network.serviceCidr", $"The service range /{svc.PrefixLength} is too small for the API service IP and the DNS IP.", "Use at least /28, usually /24.");
    }

    private static void CheckDnsIp(ClusterNetwork net, bool svcOk, IPNetwork svc, ProblemCollector p)
    {
        if (!NetworkMath.TryParseIp(net.DnsServiceIp, out var dns))
        {
            p.Error("network.dnsServiceIp", $"'{net.DnsServiceIp}' is not an IP address.", "Use an address inside the service range, e.g. '10.32.0.10'.");
            return;
        }

        if (!svcOk) return;
        if (!svc.Contains(dns))
        {
            p.Error("network.dnsServiceIp", $"The DNS service IP {net.DnsServiceIp} is outside the service range {net.ServiceCidr}.",
                $"Use an address inside {net.ServiceCidr}, e.g. {NetworkMath.Offset(svc, 10)}.");
            return;
        }

        if (dns.Equals(svc.BaseAddress))
            p.Error("network.dnsServiceIp", $"The DNS service IP {net.DnsServiceIp} is the service range's network address.", $"Use e.g. {NetworkMath.Offset(svc, 10)}.");
        else if (dns.Equals(NetworkMath.Offset(svc, 1)))
            p.Error("network.dnsServiceIp", $"The DNS service IP {net.DnsServiceIp} is the first service IP, which the 'kubernetes' API service takes.", $"Use e.g. {NetworkMath.Offset(svc, 10)}.");
    }
}
