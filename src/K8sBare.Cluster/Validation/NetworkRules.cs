using System.Net;
using System.Net.Sockets;

namespace K8sBare.Cluster.Validation;

/// <summary>Rules on the address plan: ranges, families, overlaps, the DNS IP, the cluster domain.</summary>
internal static class NetworkRules
{
    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        var net = spec.Network;
        var podOk = NetworkMath.TryParseCidr(net.PodCidr, out var pod);
        if (!podOk)
            p.Error(ProblemCodes.CidrInvalid, "network.podCidr", $"'{net.PodCidr}' is not a network in CIDR notation (or has host bits set, or is not written canonically).", "Use e.g. '10.200.0.0/16'.");
        var svcOk = NetworkMath.TryParseCidr(net.ServiceCidr, out var svc);
        if (!svcOk)
            p.Error(ProblemCodes.CidrInvalid, "network.serviceCidr", $"'{net.ServiceCidr}' is not a network in CIDR notation (or has host bits set, or is not written canonically).", "Use e.g. '10.32.0.0/24'.");

        if (podOk && pod.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // flanneld in etcd mode (as K8sBare renders it: --public-ip, Network/SubnetLen) is IPv4; IPv6 needs
            // EnableIPv6/IPv6Network/--public-ipv6 and IPv6 routing on every host, which K8sBare does not render.
            p.Error(ProblemCodes.Ipv6PodNetworkUnsupported, "network.podCidr",
                $"The pod range {net.PodCidr} is IPv6; K8sBare renders flannel, kube-proxy and the kubelet for an IPv4 pod network only (IPv6-only and dual-stack are not supported).",
                "Use an IPv4 pod range such as '10.200.0.0/16' and IPv4 node addresses.");
            podOk = false;
        }

        if (podOk) CheckPodRange(spec, pod, p);
        if (svcOk) CheckServiceRange(svc, p);
        var sameFamily = podOk && svcOk && pod.BaseAddress.AddressFamily == svc.BaseAddress.AddressFamily;
        if (podOk && svcOk && !sameFamily)
            p.Error(ProblemCodes.FamilyMismatch, "network.serviceCidr",
                $"The service range {net.ServiceCidr} and the pod range {net.PodCidr} are of different address families; dual-stack is not supported.",
                "Use an IPv4 service range such as '10.32.0.0/24'.");
        if (sameFamily && NetworkMath.Overlaps(pod, svc))
            p.Error(ProblemCodes.RangesOverlap, "network.serviceCidr", $"The service range {net.ServiceCidr} overlaps the pod range {net.PodCidr}.", "Pick disjoint ranges, e.g. pods 10.200.0.0/16 and services 10.32.0.0/24.");

        var nodeNets = new List<(string Field, IPNetwork Net)>();
        for (var i = 0; i < net.NodeCidrs.Count; i++)
        {
            if (NetworkMath.TryParseCidr(net.NodeCidrs[i], out var n)) nodeNets.Add(($"network.nodeCidrs[{i}]", n));
            else p.Error(ProblemCodes.CidrInvalid, $"network.nodeCidrs[{i}]", $"'{net.NodeCidrs[i]}' is not a network in CIDR notation.", "Use e.g. '192.168.1.0/24'.");
        }

        foreach (var (field, n) in nodeNets)
        {
            if (podOk && NetworkMath.Overlaps(n, pod))
                p.Error(ProblemCodes.RangesOverlap, "network.podCidr", $"The pod range {net.PodCidr} overlaps the node network {n} ({field}).", "Move the pod range to addresses the nodes do not use.");
            if (svcOk && NetworkMath.Overlaps(n, svc))
                p.Error(ProblemCodes.RangesOverlap, "network.serviceCidr", $"The service range {net.ServiceCidr} overlaps the node network {n} ({field}).", "Move the service range to addresses the nodes do not use.");
        }

        CheckNodeAddresses(spec, podOk, pod, svcOk, svc, p);
        CheckDnsIp(net, svcOk, svc, p);

        if (!NetworkMath.IsDnsName(net.ClusterDomain) || net.ClusterDomain.EndsWith('.'))
            p.Error(ProblemCodes.ClusterDomainInvalid, "network.clusterDomain", $"'{net.ClusterDomain}' is not a valid cluster domain.", "Use a DNS name without a trailing dot, e.g. 'cluster.local'.");
    }

    private static void CheckNodeAddresses(ClusterSpec spec, bool podOk, IPNetwork pod, bool svcOk, IPNetwork svc, ProblemCollector p)
    {
        var net = spec.Network;
        for (var i = 0; i < spec.Nodes.Count; i++)
        {
            var node = spec.Nodes[i];
            if (node is null) continue;
            for (var j = 0; j < node.Addresses.Count; j++)
            {
                var a = node.Addresses[j];
                if (!NetworkMath.TryParseIp(a, out var ip)) continue;
                if (podOk && pod.Contains(ip))
                    p.Error(ProblemCodes.RangeContainsNode, "network.podCidr", $"The pod range {net.PodCidr} contains node '{node.Name}' address {a} (nodes[{i}]).", "Pick a pod range that does not overlap the node network.");
                if (svcOk && svc.Contains(ip))
                    p.Error(ProblemCodes.RangeContainsNode, "network.serviceCidr", $"The service range {net.ServiceCidr} contains node '{node.Name}' address {a} (nodes[{i}]).", "Pick a service range that does not overlap the node network.");
                // The cluster address is what every component binds to and advertises: it must be of the pods' family.
                if (j == 0 && podOk && ip.AddressFamily != pod.BaseAddress.AddressFamily)
                    p.Error(ProblemCodes.AddressFamilyMismatch, $"nodes[{i}].address",
                        $"Node '{node.Name}' cluster address {a} is {Family(ip)} but the pod range {net.PodCidr} is {Family(pod.BaseAddress)}; kubelet --node-ip, flannel and etcd would advertise an address of the wrong family.",
                        $"Put the node's {Family(pod.BaseAddress)} address first in its addresses.");
            }
        }
    }

    private static string Family(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6";

    private static void CheckPodRange(ClusterSpec spec, IPNetwork pod, ProblemCollector p)
    {
        var len = spec.Network.NodeSubnetLength;
        var bits = NetworkMath.AddressBits(pod);
        // flannel refuses SubnetLen > 30 for IPv4 (it needs a gateway and a usable address per node subnet).
        if (len <= pod.PrefixLength || len > bits - 2)
        {
            p.Error(ProblemCodes.NodeSubnetLengthInvalid, "network.nodeSubnetLength", $"The per-node subnet length /{len} does not fit the pod range {spec.Network.PodCidr} (/{pod.PrefixLength}).",
                $"Use a length between /{pod.PrefixLength + 1} and /{bits - 2}, usually /24 with a /16 pod range.");
            return;
        }

        var subnets = len - pod.PrefixLength >= 62 ? long.MaxValue : 1L << (len - pod.PrefixLength);
        var workers = spec.WorkerNodes.Count();
        if (workers > subnets)
            p.Error(ProblemCodes.PodRangeTooSmall, "network.podCidr", $"The pod range {spec.Network.PodCidr} holds only {subnets} node subnets of /{len}, but there are {workers} workers.",
                "Use a larger pod range or a longer node subnet length.");
    }

    private static void CheckServiceRange(IPNetwork svc, ProblemCollector p)
    {
        var bits = NetworkMath.AddressBits(svc);
        var hostBits = bits - svc.PrefixLength;
        // kube-apiserver: "specified --service-cluster-ip-range is too large" beyond 20 host bits (/12 IPv4, /108 IPv6).
        if (hostBits > 20)
            p.Error(ProblemCodes.ServiceRangeTooLarge, "network.serviceCidr", $"The service range /{svc.PrefixLength} is too large; kube-apiserver accepts at most 20 host bits (/{bits - 20}).", $"Use /{bits - 20} or smaller, e.g. /24.");
        if (hostBits < 3)
            p.Error(ProblemCodes.ServiceRangeTooSmall, "network.serviceCidr", $"The service range /{svc.PrefixLength} is too small for the API service IP and the DNS IP.", "Use at least /29, usually /24.");
    }

    private static void CheckDnsIp(ClusterNetwork net, bool svcOk, IPNetwork svc, ProblemCollector p)
    {
        if (!NetworkMath.TryParseIp(net.DnsServiceIp, out var dns))
        {
            p.Error(ProblemCodes.DnsIpInvalid, "network.dnsServiceIp", $"'{net.DnsServiceIp}' is not an IP address (written canonically).", "Use an address inside the service range, e.g. '10.32.0.10'.");
            return;
        }

        if (!svcOk) return;
        if (!svc.Contains(dns))
        {
            p.Error(ProblemCodes.DnsIpOutsideRange, "network.dnsServiceIp", $"The DNS service IP {net.DnsServiceIp} is outside the service range {net.ServiceCidr}.",
                $"Use an address inside {net.ServiceCidr}, e.g. {NetworkMath.Offset(svc, 10)}.");
            return;
        }

        var example = NetworkMath.AddressBits(svc) - svc.PrefixLength >= 4 ? NetworkMath.Offset(svc, 10) : NetworkMath.Offset(svc, 2);
        if (dns.Equals(svc.BaseAddress))
            p.Error(ProblemCodes.DnsIpReserved, "network.dnsServiceIp", $"The DNS service IP {net.DnsServiceIp} is the service range's network address.", $"Use e.g. {example}.");
        else if (dns.Equals(NetworkMath.Offset(svc, 1)))
            p.Error(ProblemCodes.DnsIpReserved, "network.dnsServiceIp", $"The DNS service IP {net.DnsServiceIp} is the first service IP, which the 'kubernetes' API service takes.", $"Use e.g. {example}.");
        else if (dns.AddressFamily == AddressFamily.InterNetwork && dns.Equals(NetworkMath.Last(svc)))
            p.Error(ProblemCodes.DnsIpReserved, "network.dnsServiceIp", $"The DNS service IP {net.DnsServiceIp} is the service range's broadcast address, which the apiserver never allocates.", $"Use e.g. {example}.");
    }
}
