using K8sBare.Pki.Catalog;
using K8sBare.Pki.Keys;

namespace K8sBare.Cluster.Rendering;

/// <summary>Maps a <see cref="ClusterSpec"/> onto K8sBare.Pki's topology and catalogue options.</summary>
public static class ClusterPkiMapping
{
    /// <summary>The PKI's view of the cluster: names, domain, service range, endpoint and nodes per role.</summary>
    /// <param name="spec">The cluster.</param>
    public static ClusterTopology ToTopology(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var ctx = EndpointNames(spec);
        return new ClusterTopology
        {
            ClusterName = spec.Name,
            DnsDomain = spec.Network.ClusterDomain,
            ServiceCidr = spec.Network.ServiceCidr,
            ApiEndpoints = ctx.Names,
            ApiServerPort = ctx.Port,
            // Each host gets the credentials of the services it runs: the same placement the renderers use.
            ControlPlaneNodes = Running(spec, ClusterComponent.KubeApiserver),
            EtcdNodes = Running(spec, ClusterComponent.Etcd),
            WorkerNodes = Running(spec, ClusterComponent.Kubelet),
            CoreDnsNodes = Running(spec, ClusterComponent.CoreDns),
        };
    }

    /// <summary>Catalogue options from the spec's PKI settings.</summary>
    /// <param name="spec">The cluster.</param>
    public static CertificateCatalogOptions ToCatalogOptions(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new CertificateCatalogOptions
        {
            KeyAlgorithm = spec.Pki.KeyAlgorithm == KeyAlgorithmChoice.Rsa2048 ? KeyAlgorithm.Rsa2048 : KeyAlgorithm.EcdsaP256,
            LeafValidity = spec.Pki.CertificateValidity,
            CaValidity = spec.Pki.CaValidity,
            // Nodes that are both control plane and worker are among WorkerNodes already; the option would give kubelet
            // credentials to every control-plane node, including those that run no kubelet.
            KubeletOnControlPlane = false,
            FlannelDatastore = FlannelDatastore.Etcd,
            Country = spec.Pki.Subject.Country,
            Province = spec.Pki.Subject.Province,
            Locality = spec.Pki.Subject.Locality,
            OrganizationalUnit = spec.Pki.Subject.OrganizationalUnit,
        };
    }

    /// <summary>The certificate catalogue for the spec.</summary>
    /// <param name="spec">The cluster.</param>
    public static CertificateCatalog ToCatalog(ClusterSpec spec) => CertificateCatalog.For(ToTopology(spec), ToCatalogOptions(spec));

    /// <summary>
    /// The catalogue for an operation limited to some hosts: every control-plane and etcd entry, and the
    /// per-node entries of the workers in scope only (no shared certificate depends on the worker list), so a
    /// scoped operation neither loads nor touches the other workers' material in the store.
    /// </summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="hosts">The node names in scope; null for every node.</param>
    internal static CertificateCatalog ToCatalog(ClusterSpec spec, IReadOnlySet<string>? hosts)
    {
        if (hosts is null) return ToCatalog(spec);
        var topology = ToTopology(spec);
        var controlPlane = spec.ControlPlaneNodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var workers = topology.WorkerNodes.Where(n => hosts.Contains(n.Name) || controlPlane.Contains(n.Name)).ToList();
        return CertificateCatalog.For(topology with { WorkerNodes = workers }, ToCatalogOptions(spec));
    }

    private static List<TopologyNode> Running(ClusterSpec spec, ClusterComponent component) =>
        ComponentPlacement.NodesRunning(spec, component).Select(ToNode).ToList();

    private static TopologyNode ToNode(NodeSpec n) => new(n.Name, [.. n.Addresses]) { DnsNames = n.HostName is { } h ? [h] : [] };

    private static (IReadOnlyList<string> Names, int Port) EndpointNames(ClusterSpec spec)
    {
        var e = spec.ApiEndpoint;
        return e.Mode switch
        {
            ApiEndpointMode.ExternalLoadBalancer or ApiEndpointMode.DnsRoundRobin => ([e.Host!, .. e.ExtraSans], e.Port),
            ApiEndpointMode.KeepalivedVip => ([e.VirtualIp!, .. e.ExtraSans], e.Port),
            ApiEndpointMode.LocalProxy => (["127.0.0.1", .. e.Host is null ? Array.Empty<string>() : [e.Host], .. e.ExtraSans], e.LocalProxyPort),
            _ => ([spec.ControlPlaneNodes.First().Address, .. e.ExtraSans], e.Port),
        };
    }
}
