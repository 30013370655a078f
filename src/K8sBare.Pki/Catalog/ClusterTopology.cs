using System.Net;
using System.Net.Sockets;

namespace K8sBare.Pki.Catalog;

/// <summary>
/// The facts the certificate catalogue depends on: names, DNS domain, service CIDR, API endpoint and the
/// machines in each role. Plain data; the Cluster package maps its spec onto it.
/// </summary>
public sealed record ClusterTopology
{
    /// <summary>The kubeconfig cluster name.</summary>
    public string ClusterName { get; init; } = "kubernetes";

    /// <summary>The cluster DNS domain (the apiserver gets <c>kubernetes.default.svc.&lt;domain&gt;</c>).</summary>
    public string DnsDomain { get; init; } = "cluster.local";

    /// <summary>The service CIDR; its first address is the <c>kubernetes</c> service IP and an apiserver SAN.</summary>
    public string ServiceCidr { get; init; } = "10.32.0.0/24";

    /// <summary>
    /// Names and/or IPs clients use to reach the API (load balancer, VIP, public DNS name). All become apiserver
    /// SANs; the first is the server in kubeconfigs used off the control plane. Empty: the first control-plane IP.
    /// </summary>
    public IReadOnlyList<string> ApiEndpoints { get; init; } = [];

    /// <summary>The apiserver's secure port.</summary>
    public int ApiServerPort { get; init; } = 6443;

    /// <summary>Nodes running kube-apiserver, kube-controller-manager and kube-scheduler.</summary>
    public IReadOnlyList<TopologyNode> ControlPlaneNodes { get; init; } = [];

    /// <summary>Nodes running etcd members (may be the control-plane nodes).</summary>
    public IReadOnlyList<TopologyNode> EtcdNodes { get; init; } = [];

    /// <summary>Nodes running kubelet, kube-proxy and flannel (and CoreDNS unless <see cref="CoreDnsNodes"/> says otherwise).</summary>
    public IReadOnlyList<TopologyNode> WorkerNodes { get; init; } = [];

    /// <summary>
    /// Nodes running CoreDNS as a host service: each gets the CoreDNS kubeconfig. Null (the default): the nodes that run a
    /// kubelet (<see cref="WorkerNodes"/>, plus the control-plane nodes with
    /// <see cref="CertificateCatalogOptions.KubeletOnControlPlane"/>). Empty: CoreDNS runs on no host (in-cluster or none).
    /// Set it whenever CoreDNS is placed elsewhere (e.g. on dedicated control-plane nodes), so the kubeconfig goes where
    /// the service runs.
    /// </summary>
    public IReadOnlyList<TopologyNode>? CoreDnsNodes { get; init; }

    /// <summary>The URL clients off the control plane use: <c>https://&lt;first endpoint&gt;:&lt;port&gt;</c>.</summary>
    public string ApiServerUrl
    {
        get
        {
            var host = ApiEndpoints.Count > 0 ? ApiEndpoints[0]
                : ControlPlaneNodes.SelectMany(n => n.IpAddresses).FirstOrDefault() ?? ControlPlaneNodes.FirstOrDefault()?.Name ?? "127.0.0.1";
            if (IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6) host = $"[{host}]";
            return $"https://{host}:{ApiServerPort}";
        }
    }

    /// <summary>The URL components on a control-plane node use (<c>https://127.0.0.1:&lt;port&gt;</c>).</summary>
    public string LocalApiServerUrl => $"https://127.0.0.1:{ApiServerPort}";

    /// <summary>The first usable address of <see cref="ServiceCidr"/> (e.g. 10.32.0.1).</summary>
    public string FirstServiceIp()
    {
        if (!TryParseCidr(ServiceCidr, out var network, out _))
            throw new PkiException($"topology: ServiceCidr '{ServiceCidr}' is not a CIDR such as 10.32.0.0/24.");
        var bytes = network.GetAddressBytes();
        for (var i = bytes.Length - 1; i >= 0; i--)
            if (++bytes[i] != 0) break;
        return new IPAddress(bytes).ToString();
    }

    /// <summary>Returns every problem (empty when valid), each naming the field and node.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterName)) problems.Add("topology: ClusterName is empty.");
        if (string.IsNullOrWhiteSpace(DnsDomain) || DnsDomain.Contains(' ', StringComparison.Ordinal))
            problems.Add($"topology: DnsDomain '{DnsDomain}' is not a DNS domain such as cluster.local.");
        if (!TryParseCidr(ServiceCidr, out _, out _)) problems.Add($"topology: ServiceCidr '{ServiceCidr}' is not a CIDR such as 10.32.0.0/24.");
        if (ApiServerPort is < 1 or > 65535) problems.Add($"topology: ApiServerPort {ApiServerPort} is out of range.");
        if (ControlPlaneNodes.Count == 0) problems.Add("topology: ControlPlaneNodes is empty; at least one control-plane node is needed.");
        if (EtcdNodes.Count == 0) problems.Add("topology: EtcdNodes is empty; list the etcd members (often the control-plane nodes).");
        foreach (var e in ApiEndpoints)
            if (string.IsNullOrWhiteSpace(e)) problems.Add("topology: ApiEndpoints has an empty entry.");
        foreach (var (role, nodes) in new[] { ("ControlPlaneNodes", ControlPlaneNodes), ("EtcdNodes", EtcdNodes), ("WorkerNodes", WorkerNodes), ("CoreDnsNodes", CoreDnsNodes ?? []) })
        {
            foreach (var dup in nodes.GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
                problems.Add($"topology: {role} lists node '{dup.Key}' {dup.Count()} times.");
            foreach (var n in nodes)
            {
                if (string.IsNullOrWhiteSpace(n.Name) || n.Name.Any(char.IsWhiteSpace) || StoreNames.SegmentProblem(n.Name) is not null)
                    problems.Add($"topology: {role} has a node named '{StoreNames.Printable(n.Name)}'; a node name must be one non-empty path segment: no spaces, '/', '\\' or control characters, not '.' or '..' (it becomes part of file names on hosts and in the store).");
                foreach (var ip in n.IpAddresses)
                    if (!IPAddress.TryParse(ip, out _))
                        problems.Add($"topology: {role} node '{n.Name}': '{ip}' is not an IP address.");
            }
        }
        return problems;
    }

    private static bool TryParseCidr(string cidr, out IPAddress network, out int prefix)
    {
        network = IPAddress.None;
        prefix = 0;
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) ||
            !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix))
            return false;
        var bits = ip.GetAddressBytes().Length * 8;
        if (prefix < 0 || prefix >= bits) return false;
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        network = new IPAddress(bytes);
        return true;
    }
}
