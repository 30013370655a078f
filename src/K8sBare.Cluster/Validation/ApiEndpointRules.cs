namespace K8sBare.Cluster.Validation;

/// <summary>Rules on the API endpoint.</summary>
internal static class ApiEndpointRules
{
    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        var e = spec.ApiEndpoint;
        if (e.Port is < 1 or > 65535)
            p.Error(ProblemCodes.PortInvalid, "apiEndpoint.port", $"API port {e.Port} is out of range.", "Use 1–65535 (usually 6443).");

        CheckExtraSans(spec, p);
        var controlPlanes = spec.ControlPlaneNodes.Count();
        switch (e.Mode)
        {
            case ApiEndpointMode.FirstControlPlane:
                if (controlPlanes > 1)
                    p.Warning(ProblemCodes.EndpointNotHighlyAvailable, "apiEndpoint.mode", $"There are {controlPlanes} control-plane nodes but every client talks to the first one; losing it stops the cluster.",
                        "Use local-proxy, keepalived-vip, external-lb or dns-round-robin for HA.");
                break;
            case ApiEndpointMode.ExternalLoadBalancer:
                if (string.IsNullOrWhiteSpace(e.Host))
                    p.Error(ProblemCodes.EndpointHostMissing, "apiEndpoint.host", "The external load balancer has no address.", "Set apiEndpoint.host to the load balancer's IP or DNS name.");
                else if (!NetworkMath.TryParseIp(e.Host, out _) && !NetworkMath.IsDnsName(e.Host))
                    p.Error(ProblemCodes.EndpointHostInvalid, "apiEndpoint.host", $"'{e.Host}' is neither an IP address nor a DNS name.", "Set apiEndpoint.host to the load balancer's IP or DNS name.");
                break;
            case ApiEndpointMode.DnsRoundRobin:
                if (string.IsNullOrWhiteSpace(e.Host) || !NetworkMath.IsDnsName(e.Host))
                    p.Error(ProblemCodes.EndpointHostInvalid, "apiEndpoint.host", $"DNS round robin needs a DNS name, got '{e.Host}'.", "Set apiEndpoint.host to a name with one A record per control-plane node, e.g. 'api.example.com'.");
                break;
            case ApiEndpointMode.KeepalivedVip:
                CheckVip(spec, p);
                break;
            case ApiEndpointMode.LocalProxy:
                if (e.Host is not null && !NetworkMath.TryParseIp(e.Host, out _) && !NetworkMath.IsDnsName(e.Host))
                    p.Error(ProblemCodes.EndpointHostInvalid, "apiEndpoint.host", $"'{e.Host}' is neither an IP address nor a DNS name.",
                        "Set apiEndpoint.host to the external load balancer's IP or DNS name, or leave it out (the operator then uses the first extra SAN or the first control-plane node).");
                if (e.LocalProxyPort is < 1 or > 65535)
                    p.Error(ProblemCodes.PortInvalid, "apiEndpoint.localProxyPort", $"Local proxy port {e.LocalProxyPort} is out of range.", "Use 1–65535 (usually 6443).");
                else if (e.LocalProxyPort != e.Port)
                    p.Error(ProblemCodes.PortCollision, "apiEndpoint.localProxyPort", $"The local proxy port {e.LocalProxyPort} differs from the API port {e.Port}; every kubeconfig K8sBare renders uses one port, and control-plane nodes reach their own apiserver on it without a proxy.",
                        $"Set apiEndpoint.localProxyPort to {e.Port} (the default).");
                else if (spec.Nodes.Any(n => n is not null && n.IsControlPlane && n.IsWorker))
                    p.Error(ProblemCodes.PortCollision, "apiEndpoint.localProxyPort", $"The local proxy port {e.LocalProxyPort} collides with the apiserver port on nodes that are both control plane and worker.", "Use dedicated control-plane nodes with local-proxy, or another endpoint mode (first-control-plane, keepalived-vip, external-lb).");
                break;
            default:
                p.Error(ProblemCodes.UnknownValue, "apiEndpoint.mode", $"Unknown API endpoint mode {(int)e.Mode}.", "Use first-control-plane, external-lb, local-proxy, keepalived-vip or dns-round-robin.");
                break;
        }
    }

    private static void CheckExtraSans(ClusterSpec spec, ProblemCollector p)
    {
        var sans = spec.ApiEndpoint.ExtraSans;
        for (var i = 0; i < sans.Count; i++)
        {
            var san = sans[i];
            if (!NetworkMath.TryParseIp(san, out _) && !NetworkMath.IsDnsName(san) && !(san is not null && san.StartsWith("*.", StringComparison.Ordinal) && NetworkMath.IsDnsName(san[2..])))
                p.Error(ProblemCodes.SanInvalid, $"apiEndpoint.extraSans[{i}]", $"'{san}' is neither an IP address (written canonically) nor a lowercase DNS name.",
                    "Use the public name or address clients use, e.g. 'api.example.com' or '203.0.113.10'.");
        }
    }

    private static void CheckVip(ClusterSpec spec, ProblemCollector p)
    {
        var vip = spec.ApiEndpoint.VirtualIp;
        if (string.IsNullOrWhiteSpace(vip))
        {
            p.Error(ProblemCodes.VirtualIpInvalid, "apiEndpoint.virtualIp", "keepalived needs a virtual IP.", "Set apiEndpoint.virtualIp to a free address on the control-plane nodes' network.");
            return;
        }

        if (!NetworkMath.TryParseIp(vip, out var ip))
        {
            p.Error(ProblemCodes.VirtualIpInvalid, "apiEndpoint.virtualIp", $"'{vip}' is not an IP address.", "Set apiEndpoint.virtualIp to a free address on the control-plane nodes' network.");
            return;
        }

        var bits = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (spec.ApiEndpoint.VirtualIpPrefixLength < 1 || spec.ApiEndpoint.VirtualIpPrefixLength > bits)
            p.Error(ProblemCodes.PrefixLengthInvalid, "apiEndpoint.virtualIpPrefixLength", $"/{spec.ApiEndpoint.VirtualIpPrefixLength} is not a prefix length for {vip}.", "Use the node network's prefix length, e.g. 24.");
        if (!NetworkMath.IsInterfaceName(spec.ApiEndpoint.Interface))
            p.Error(ProblemCodes.InterfaceMissing, "apiEndpoint.interface", $"keepalived needs the interface to put the virtual IP on; '{spec.ApiEndpoint.Interface}' is not an interface name.", "Set apiEndpoint.interface, e.g. eth0.");

        var owner = spec.Nodes.FirstOrDefault(n => n is not null && n.Addresses.Any(a => NetworkMath.TryParseIp(a, out var x) && x.Equals(ip)));
        if (owner is not null)
            p.Error(ProblemCodes.VirtualIpInvalid, "apiEndpoint.virtualIp", $"The virtual IP {vip} is node '{owner.Name}''s own address.", "Pick a free address that no node owns.");
        if (NetworkMath.TryParseCidr(spec.Network.PodCidr, out var pod) && pod.Contains(ip))
            p.Error(ProblemCodes.VirtualIpInvalid, "apiEndpoint.virtualIp", $"The virtual IP {vip} is inside the pod range.", "Pick an address on the node network.");
        if (NetworkMath.TryParseCidr(spec.Network.ServiceCidr, out var svc) && svc.Contains(ip))
            p.Error(ProblemCodes.VirtualIpInvalid, "apiEndpoint.virtualIp", $"The virtual IP {vip} is inside the service range.", "Pick an address on the node network.");
        if (spec.ControlPlaneNodes.Count() < 2)
            p.Warning(ProblemCodes.EndpointNotHighlyAvailable, "apiEndpoint.mode", "A keepalived VIP with one control-plane node adds nothing.", "Add control-plane nodes or use first-control-plane.");
    }
}
