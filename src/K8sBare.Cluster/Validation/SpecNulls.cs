namespace K8sBare.Cluster.Validation;

/// <summary>
/// Reports the null parts of a spec (a C# caller's <c>null!</c>, YAML's <c>~</c>) and returns the spec with each
/// replaced by its default, so the other rules never meet a null. Null nodes stay null (<see cref="NodeRules"/>
/// reports them by index and the other rules skip them).
/// </summary>
internal static class SpecNulls
{
    public static ClusterSpec Report(ClusterSpec spec, ProblemCollector p)
    {
        spec = spec with
        {
            Name = Text(spec.Name, "name", "kubernetes", p),
            Nodes = Part(spec.Nodes, "nodes", [], p),
            Versions = Part(spec.Versions, "versions", new ComponentVersions(), p),
            Network = Part(spec.Network, "network", new ClusterNetwork(), p),
            Flannel = Part(spec.Flannel, "flannel", new FlannelSettings(), p),
            Dns = Part(spec.Dns, "dns", new DnsSettings(), p),
            ApiEndpoint = Part(spec.ApiEndpoint, "apiEndpoint", new ApiEndpoint(), p),
            Pki = Part(spec.Pki, "pki", new PkiSettings(), p),
            Binaries = Part(spec.Binaries, "binaries", new Dictionary<string, BinarySource>(), p),
            ExtraArgs = Part(spec.ExtraArgs, "extraArgs", new Dictionary<string, IReadOnlyDictionary<string, string>>(), p),
        };
        var v = spec.Versions;
        spec = spec with
        {
            Versions = v with
            {
                Kubernetes = Text(v.Kubernetes, "versions.kubernetes", "", p),
                Etcd = Text(v.Etcd, "versions.etcd", "", p),
                Containerd = Text(v.Containerd, "versions.containerd", "", p),
                Flannel = Text(v.Flannel, "versions.flannel", "", p),
                CoreDns = Text(v.CoreDns, "versions.coreDns", "", p),
                CniPlugins = Text(v.CniPlugins, "versions.cniPlugins", "", p),
            },
            Network = spec.Network with
            {
                PodCidr = Text(spec.Network.PodCidr, "network.podCidr", "", p),
                ServiceCidr = Text(spec.Network.ServiceCidr, "network.serviceCidr", "", p),
                ClusterDomain = Text(spec.Network.ClusterDomain, "network.clusterDomain", "", p),
                DnsServiceIp = Text(spec.Network.DnsServiceIp, "network.dnsServiceIp", "", p),
                NodeCidrs = Part(spec.Network.NodeCidrs, "network.nodeCidrs", [], p),
            },
            Flannel = spec.Flannel with { EtcdPrefix = Text(spec.Flannel.EtcdPrefix, "flannel.etcdPrefix", "", p) },
            Dns = spec.Dns with { Upstream = Text(spec.Dns.Upstream, "dns.upstream", "", p) },
            Pki = spec.Pki with { Subject = Part(spec.Pki.Subject, "pki.subject", new CertificateSubject(), p) },
            ApiEndpoint = spec.ApiEndpoint with
            {
                Interface = Text(spec.ApiEndpoint.Interface, "apiEndpoint.interface", "", p),
                ExtraSans = Part(spec.ApiEndpoint.ExtraSans, "apiEndpoint.extraSans", [], p),
            },
        };

        var nodes = new NodeSpec[spec.Nodes.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            var n = spec.Nodes[i];
            if (n is null) continue;
            var at = $"nodes[{i}]";
            nodes[i] = n with
            {
                Name = n.Name ?? "",
                Addresses = n.Addresses ?? [],
                Labels = Part(n.Labels, $"{at}.labels", new Dictionary<string, string>(), p),
                Architecture = Text(n.Architecture, $"{at}.arch", "", p),
            };
        }

        return spec with { Nodes = nodes };
    }

    private static T Part<T>(T? value, string field, T fallback, ProblemCollector p)
        where T : class
    {
        if (value is not null) return value;
        p.Error(ProblemCodes.Missing, field, $"'{field}' is null.", $"Remove '{field}' to use the default, or give it a value.");
        return fallback;
    }

    private static string Text(string? value, string field, string fallback, ProblemCollector p)
    {
        if (value is not null) return value;
        p.Error(ProblemCodes.Missing, field, $"'{field}' is null.", $"Remove '{field}' to use the default, or give it a value.");
        return fallback;
    }
}
