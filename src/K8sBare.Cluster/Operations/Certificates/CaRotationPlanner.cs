using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Pki.Catalog;

namespace K8sBare.Cluster.Operations;

/// <summary>Renders a CA rotation for a cluster as an ordered plan (<see cref="CaRotationPlan"/>), from the PKI catalogue's placements.</summary>
public static class CaRotationPlanner
{
    /// <summary>The rotation plan of one CA.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="authority">Which CA.</param>
    /// <returns>The plan: the steps, each with its hosts, files and services.</returns>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    public static CaRotationPlan Plan(ClusterSpec spec, CertificateAuthorityId authority)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(ValidationOptions.ForRender).ThrowIfInvalid();
        var catalog = ClusterPkiMapping.ToCatalog(spec);
        var ca = catalog.Entries.Single(e => e.Kind == CatalogEntryKind.CertificateAuthority && e.Authority == authority);
        var leaves = catalog.Entries.Where(e => e.Kind == CatalogEntryKind.Certificate && e.Issuer == authority).ToList();
        // Control-plane/etcd hosts first, then the others, in spec order: the trust side moves before the clients.
        var order = spec.Nodes.Where(n => n.IsControlPlane || n.IsEtcd).Concat(spec.Nodes.Where(n => !n.IsControlPlane && !n.IsEtcd)).Select(n => n.Name).ToList();
        List<string> Sorted(IEnumerable<string> hosts) { var set = hosts.ToHashSet(StringComparer.Ordinal); return order.Where(set.Contains).ToList(); }

        var trustFiles = ca.Placements.Where(p => p.Kind == PlacedFileKind.Certificate).Select(p => $"{p.Host}:{p.Path}").ToList();
        var trustHosts = Sorted(ca.Placements.Select(p => p.Host));
        var leafPlacements = leaves.SelectMany(l => l.Placements.Select(p => (Leaf: l, Placement: p))).ToList();
        var leafHosts = Sorted(leafPlacements.Select(x => x.Placement.Host));
        var leafFiles = leafPlacements.Where(x => x.Placement.Kind is PlacedFileKind.Certificate or PlacedFileKind.PrivateKey or PlacedFileKind.Kubeconfig)
            .Select(x => $"{x.Placement.Host}:{x.Placement.Path}").Order(StringComparer.Ordinal).ToList();
        var services = authority switch
        {
            CertificateAuthorityId.Etcd => new[] { "etcd", "kube-apiserver", "flanneld" },
            CertificateAuthorityId.FrontProxy => ["kube-apiserver"],
            _ => ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy", "coredns"],
        };
        var check = authority == CertificateAuthorityId.Etcd
            ? "every etcd member healthy (etcdctl endpoint health --cluster) and the apiservers ready"
            : "every apiserver /readyz, every node Ready, `kubectl get --raw /api` with the admin kubeconfig";
        var steps = new List<CaRotationStep>
        {
            new() { Order = 1, Title = $"create the new {ca.Name} CA in the PKI store beside the old one (the old key stays until step 7)", Hosts = [], Files = [], Services = [],
                Check = "the store holds both CAs; nothing on the hosts changed" },
            new() { Order = 2, Title = "place a bundle of old + new CA where the old CA is trusted (CA files and kubeconfigs' certificate-authority-data)" +
                    (authority == CertificateAuthorityId.Cluster ? "; the controller manager's --root-ca-file gets the bundle too, so service-account tokens' ca.crt carries both" : ""),
                Hosts = trustHosts, Files = trustFiles, Services = services, OneHostAtATime = true, Check = check },
            new() { Order = 3, Title = authority == CertificateAuthorityId.Cluster
                    ? "wait for the kube-root-ca.crt ConfigMaps to carry both CAs, then restart the pods that use in-cluster config"
                    : "confirm every client and peer loaded the bundle (restart counts in step 2's report)",
                Hosts = [], Files = [], Services = [], Check = authority == CertificateAuthorityId.Cluster ? "kubectl get cm kube-root-ca.crt -A shows two certificates" : check },
            new() { Order = 4, Title = $"re-issue every leaf of the CA from the new CA ({leaves.Count} certificates; keys may be kept) and place them with the kubeconfigs embedding them",
                Hosts = leafHosts, Files = leafFiles, Services = services, OneHostAtATime = true, Check = check },
            new() { Order = 5, Title = "re-issue the operator's kubeconfigs (admin) and any external client certificates from the new CA",
                Hosts = [], Files = [], Services = [], Check = "the admin kubeconfig works against every apiserver" },
            new() { Order = 6, Title = "place the new CA alone where the bundle was (drop the old CA from every trust store)",
                Hosts = trustHosts, Files = trustFiles, Services = services, OneHostAtATime = true, Check = check },
            new() { Order = 7, Title = $"retire the old {ca.Name} CA key from the PKI store (keep an offline copy until the old leaves' expiry)", Hosts = [], Files = [], Services = [],
                Check = "K8sBare's certificate report shows only the new CA on every host" },
        };
        return new CaRotationPlan { Authority = authority, CatalogEntry = ca.Name, Leaves = leaves.Select(l => l.Name).ToList(), Steps = steps };
    }
}
