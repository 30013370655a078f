using K8sBare.Cluster;

namespace K8sBare.Cluster.Tests.Validation;

/// <summary>
/// Invalid topologies, each a change to the valid $20 cluster, with the field the error must name.
/// </summary>
internal static class InvalidTopologyCorpus
{
    public sealed record Case(string Name, Func<ClusterSpec, ClusterSpec> Break, string Field);

    private static ClusterSpec Node(ClusterSpec s, int i, Func<NodeSpec, NodeSpec> change) =>
        s with { Nodes = s.Nodes.Select((n, j) => j == i ? change(n) : n).ToArray() };

    private static ClusterSpec AddNode(ClusterSpec s, NodeSpec n) => s with { Nodes = [.. s.Nodes, n] };

    public static readonly IReadOnlyList<Case> All =
    [
        new("cluster name not a DNS label", s => s with { Name = "My Cluster" }, "name"),
        new("no nodes", s => s with { Nodes = [] }, "nodes"),
        new("node without name", s => Node(s, 1, n => n with { Name = "" }), "nodes[1].name"),
        new("node name with upper case and dots", s => Node(s, 1, n => n with { Name = "Node_1.example" }), "nodes[1].name"),
        new("duplicate node names", s => Node(s, 2, n => n with { Name = "node-1" }), "nodes[2].name"),
        new("node without address", s => Node(s, 1, n => n with { Addresses = [] }), "nodes[1].address"),
        new("address is a host name", s => Node(s, 1, n => n with { Addresses = ["node1.example.com"] }), "nodes[1].address"),
        new("address is truncated", s => Node(s, 1, n => n with { Addresses = ["10.0.11"] }), "nodes[1].address"),
        new("address is loopback", s => Node(s, 2, n => n with { Addresses = ["127.0.0.1"] }), "nodes[2].address"),
        new("duplicate addresses", s => Node(s, 2, n => n with { Addresses = ["10.0.0.11"] }), "nodes[2].address"),
        new("node without roles", s => Node(s, 1, n => n with { Roles = NodeRoles.None }), "nodes[1].roles"),
        new("no control plane", s => Node(s, 0, n => n with { Roles = NodeRoles.Etcd }), "nodes"),
        new("empty etcd set", s => Node(s, 0, n => n with { Roles = NodeRoles.ControlPlane }), "nodes"),
        new("even etcd set", s => Node(s, 1, n => n with { Roles = NodeRoles.Worker | NodeRoles.Etcd }), "nodes"),
        new("unknown architecture", s => Node(s, 1, n => n with { Architecture = "x86" }), "nodes[1].architecture"),
        new("unknown init system", s => Node(s, 1, n => n with { InitSystem = (InitSystem)7 }), "nodes[1].initSystem"),
        new("missing SSH key", s => Node(s, 1, n => n with { Ssh = n.Ssh with { IdentityFile = "/nonexistent/key" } }), "nodes[1].ssh.identityFile"),
        new("no SSH key at all", s => Node(s, 2, n => n with { Ssh = n.Ssh with { IdentityFile = null } }), "nodes[2].ssh.identityFile"),
        new("SSH port out of range", s => Node(s, 0, n => n with { Ssh = n.Ssh with { Port = 70000 } }), "nodes[0].ssh.port"),
        new("SSH user empty", s => Node(s, 0, n => n with { Ssh = n.Ssh with { User = "" } }), "nodes[0].ssh.user"),
        new("pod CIDR not a CIDR", s => s with { Network = s.Network with { PodCidr = "10.200.0.0" } }, "network.podCidr"),
        new("pod CIDR with host bits", s => s with { Network = s.Network with { PodCidr = "10.200.1.0/16" } }, "network.podCidr"),
        new("service CIDR garbage", s => s with { Network = s.Network with { ServiceCidr = "services" } }, "network.serviceCidr"),
        new("pod and service ranges overlap", s => s with { Network = s.Network with { ServiceCidr = "10.200.3.0/24", DnsServiceIp = "10.200.3.10" } }, "network.serviceCidr"),
        new("pod range contains a node", s => s with { Network = s.Network with { PodCidr = "10.0.0.0/16" } }, "network.podCidr"),
        new("service range contains a node", s => s with { Network = s.Network with { ServiceCidr = "10.0.0.0/24", DnsServiceIp = "10.0.0.200" } }, "network.serviceCidr"),
        new("pod range overlaps a declared node network", s => s with { Network = s.Network with { NodeCidrs = ["10.192.0.0/10"] } }, "network.podCidr"),
        new("node network not a CIDR", s => s with { Network = s.Network with { NodeCidrs = ["lan"] } }, "network.nodeCidrs[0]"),
        new("DNS IP outside the service range", s => s with { Network = s.Network with { DnsServiceIp = "10.96.0.10" } }, "network.dnsServiceIp"),
        new("DNS IP is the API service IP", s => s with { Network = s.Network with { DnsServiceIp = "10.32.0.1" } }, "network.dnsServiceIp"),
        new("DNS IP not an IP", s => s with { Network = s.Network with { DnsServiceIp = "dns" } }, "network.dnsServiceIp"),
        new("service range too large", s => s with { Network = s.Network with { ServiceCidr = "10.32.0.0/8", DnsServiceIp = "10.32.0.10" } }, "network.serviceCidr"),
        new("node subnet length does not fit", s => s with { Network = s.Network with { NodeSubnetLength = 16 } }, "network.nodeSubnetLength"),
        new("pod range too small for the workers", s => AddNode(s with { Network = s.Network with { PodCidr = "10.200.0.0/24", NodeSubnetLength = 25 } }, s.Nodes[1] with { Name = "node-3", Addresses = ["10.0.0.13"] }), "network.podCidr"),
        new("cluster domain with a trailing dot", s => s with { Network = s.Network with { ClusterDomain = "cluster.local." } }, "network.clusterDomain"),
        new("Kubernetes too old", s => s with { Versions = s.Versions with { Kubernetes = "1.13.0" } }, "versions.kubernetes"),
        new("Kubernetes not a version", s => s with { Versions = s.Versions with { Kubernetes = "latest" } }, "versions.kubernetes"),
        new("etcd 3.3 cannot serve the v3 gateway", s => s with { Versions = s.Versions with { Etcd = "3.3.25" } }, "versions.etcd"),
        new("containerd 1.6 config version", s => s with { Versions = s.Versions with { Containerd = "1.6.20" } }, "versions.containerd"),
        new("flannel 0.10 speaks etcd v2", s => s with { Versions = s.Versions with { Flannel = "0.10.0" } }, "versions.flannel"),
        new("CoreDNS 1.3 Corefile", s => s with { Versions = s.Versions with { CoreDns = "1.3.0" } }, "versions.coreDns"),
        new("CNI plugins 0.7.4", s => s with { Versions = s.Versions with { CniPlugins = "0.7.4" } }, "versions.cniPlugins"),
        new("external LB without host", s => s with { ApiEndpoint = new ApiEndpoint { Mode = ApiEndpointMode.ExternalLoadBalancer } }, "apiEndpoint.host"),
        new("DNS round robin with an IP", s => s with { ApiEndpoint = new ApiEndpoint { Mode = ApiEndpointMode.DnsRoundRobin, Host = "10.0.0.50" } }, "apiEndpoint.host"),
        new("keepalived without VIP", s => s with { ApiEndpoint = new ApiEndpoint { Mode = ApiEndpointMode.KeepalivedVip } }, "apiEndpoint.virtualIp"),
        new("keepalived VIP is a node address", s => s with { ApiEndpoint = new ApiEndpoint { Mode = ApiEndpointMode.KeepalivedVip, VirtualIp = "10.0.0.11" } }, "apiEndpoint.virtualIp"),
        new("keepalived VIP prefix length out of range", s => s with { ApiEndpoint = new ApiEndpoint { Mode = ApiEndpointMode.KeepalivedVip, VirtualIp = "10.0.0.100", VirtualIpPrefixLength = 40 } }, "apiEndpoint.virtualIpPrefixLength"),
        new("API port out of range", s => s with { ApiEndpoint = s.ApiEndpoint with { Port = 0 } }, "apiEndpoint.port"),
        new("CoreDNS on workers without workers", s => s with { Nodes = [s.Nodes[0]] }, "dns.placement"),
        new("unknown binary name", s => s with { Binaries = new Dictionary<string, BinarySource> { ["kubectl2"] = BinarySource.OnHost } }, "binaries.kubectl2"),
        new("URL binary without sha256", s => s with { Binaries = new Dictionary<string, BinarySource> { ["kubelet"] = new() { Kind = BinarySourceKind.Url, Url = "https://dl.k8s.io/v1.32.3/bin/linux/amd64/kubelet" } } }, "binaries.kubelet.sha256"),
        new("URL binary with a bad sha256", s => s with { Binaries = new Dictionary<string, BinarySource> { ["kubelet"] = BinarySource.FromUrl("https://dl.k8s.io/kubelet", "abc") } }, "binaries.kubelet.sha256"),
        new("URL binary with ftp scheme", s => s with { Binaries = new Dictionary<string, BinarySource> { ["etcd"] = BinarySource.FromUrl("ftp://example/etcd", new string('a', 64)) } }, "binaries.etcd.url"),
        new("local binary missing", s => s with { Binaries = new Dictionary<string, BinarySource> { ["etcd"] = BinarySource.FromFile("/nonexistent/etcd") } }, "binaries.etcd.file"),
        new("on-host binary with a relative path", s => s with { Binaries = new Dictionary<string, BinarySource> { ["containerd"] = BinarySource.OnHostAt("bin/containerd") } }, "binaries.containerd.hostPath"),
        new("flannel prefix not absolute", s => s with { Flannel = s.Flannel with { EtcdPrefix = "coreos.com/network" } }, "flannel.etcdPrefix"),
    ];
}
