using System.Net;
using K8sBare.Pki.Certificates;

namespace K8sBare.Pki.Catalog;

/// <summary>Computes the catalogue entries (the kubeadm certlist, adapted to the hard way's hosts and paths).</summary>
internal static class CatalogBuilder
{
    public static List<CatalogEntry> Build(ClusterTopology t, CertificateCatalogOptions o)
    {
        var l = o.Layout;
        var caKey = o.CaKeyAlgorithm ?? o.KeyAlgorithm;
        var controlPlane = t.ControlPlaneNodes.Select(n => n.Name).ToList();
        var etcd = t.EtcdNodes.Select(n => n.Name).ToList();
        var kubeletNodes = (o.KubeletOnControlPlane ? t.ControlPlaneNodes.Concat(t.WorkerNodes) : t.WorkerNodes)
            .DistinctBy(n => n.Name, StringComparer.Ordinal).ToList();
        var nodeNames = kubeletNodes.Select(n => n.Name).ToList();
        var local = t.LocalApiServerUrl;
        var remote = t.ApiServerUrl;

        CertificateSpec Leaf(string cn, CertificateUsage usage, IReadOnlyList<string>? orgs = null,
            IReadOnlyList<string>? dns = null, IReadOnlyList<string>? ips = null) => new()
        {
            CommonName = cn,
            Organizations = orgs ?? [],
            DnsNames = dns ?? [],
            IpAddresses = ips ?? [],
            Usage = usage,
            Validity = o.LeafValidity,
            KeyAlgorithm = o.KeyAlgorithm,
            Country = o.Country,
            Province = o.Province,
            Locality = o.Locality,
            OrganizationalUnit = o.OrganizationalUnit,
        };

        FilePlacement P(string host, string path, PlacedFileKind kind, string? server = null) =>
            new() { Host = host, Path = path, Kind = kind, KubeconfigServer = server, Owner = IsEtcdPath(path) ? l.EtcdOwner : l.Owner };

        bool IsEtcdPath(string path) =>
            path == l.EtcdCaCertificate || path == l.EtcdServerCertificate || path == l.EtcdServerKey || path == l.EtcdPeerCertificate
            || path == l.EtcdPeerKey || path == l.EtcdctlClientCertificate || path == l.EtcdctlClientKey;

        IEnumerable<FilePlacement> CertAndKey(IEnumerable<string> hosts, string cert, string key) =>
            hosts.SelectMany(h => new[] { P(h, cert, PlacedFileKind.Certificate), P(h, key, PlacedFileKind.PrivateKey) });

        var entries = new List<CatalogEntry>();

        // --- The three CAs. Only the cluster CA key may leave the local store (controller-manager signing).
        var clusterCaPlacements = controlPlane.Concat(nodeNames).Distinct(StringComparer.Ordinal)
            .Select(h => P(h, l.ClusterCaCertificate, PlacedFileKind.Certificate)).ToList();
        if (o.ClusterCaKeyOnControlPlane)
            clusterCaPlacements.AddRange(controlPlane.Select(h => P(h, l.ClusterCaKey, PlacedFileKind.PrivateKey)));
        entries.Add(Ca(CatalogEntryNames.ClusterCa, CertificateAuthorityId.Cluster, "kubernetes", "cluster CA: apiserver, kubelets and every API client", clusterCaPlacements));

        var etcdCaPlacements = etcd.Select(h => P(h, l.EtcdCaCertificate, PlacedFileKind.Certificate))
            .Concat(controlPlane.Select(h => P(h, l.EtcdCaCertificateForClients, PlacedFileKind.Certificate)))
            .Concat(o.FlannelDatastore == FlannelDatastore.Etcd
                ? nodeNames.Select(h => P(h, l.EtcdCaCertificateForClients, PlacedFileKind.Certificate)) : [])
            .DistinctBy(p => (p.Host, p.Path)).ToList();
        entries.Add(Ca(CatalogEntryNames.EtcdCa, CertificateAuthorityId.Etcd, "etcd-ca", "etcd CA: etcd server/peer and etcd clients", etcdCaPlacements));

        entries.Add(Ca(CatalogEntryNames.FrontProxyCa, CertificateAuthorityId.FrontProxy, "front-proxy-ca", "front-proxy CA: aggregation layer (--requestheader-client-ca-file)",
            controlPlane.Select(h => P(h, l.FrontProxyCaCertificate, PlacedFileKind.Certificate)).ToList()));

        // --- Control plane.
        var apiDns = new List<string>();
        var apiIps = new List<string>();
        foreach (var n in t.ControlPlaneNodes)
        {
            apiDns.Add(n.Name);
            apiIps.AddRange(n.IpAddresses);
        }
        foreach (var e in t.ApiEndpoints)
            (IPAddress.TryParse(e, out _) ? apiIps : apiDns).Add(e);
        apiDns.AddRange(["kubernetes", "kubernetes.default", "kubernetes.default.svc", $"kubernetes.default.svc.{t.DnsDomain}"]);
        apiIps.Add("127.0.0.1");
        apiIps.Add(t.FirstServiceIp());
        entries.Add(Cert(CatalogEntryNames.ApiServer, CertificateAuthorityId.Cluster, "kube-apiserver serving certificate",
            Leaf("kube-apiserver", CertificateUsage.Server, dns: Distinct(apiDns), ips: DistinctIps(apiIps)),
            CertAndKey(controlPlane, l.ApiServerCertificate, l.ApiServerKey)));
        entries.Add(Cert(CatalogEntryNames.ApiServerKubeletClient, CertificateAuthorityId.Cluster, "kube-apiserver → kubelet client (--kubelet-client-certificate)",
            Leaf("kube-apiserver-kubelet-client", CertificateUsage.Client,
                o.ApiServerKubeletClientOrganization is { } kubeletClientGroup ? [kubeletClientGroup] : null),
            CertAndKey(controlPlane, l.ApiServerKubeletClientCertificate, l.ApiServerKubeletClientKey)));
        entries.Add(Cert(CatalogEntryNames.ApiServerEtcdClient, CertificateAuthorityId.Etcd, "kube-apiserver → etcd client (--etcd-certfile)",
            Leaf("kube-apiserver-etcd-client", CertificateUsage.Client),
            CertAndKey(controlPlane, l.ApiServerEtcdClientCertificate, l.ApiServerEtcdClientKey)));
        entries.Add(Cert(CatalogEntryNames.FrontProxyClient, CertificateAuthorityId.FrontProxy, "aggregation-layer client (--proxy-client-cert-file)",
            Leaf("front-proxy-client", CertificateUsage.Client),
            CertAndKey(controlPlane, l.FrontProxyClientCertificate, l.FrontProxyClientKey)));
        entries.Add(new CatalogEntry
        {
            Name = CatalogEntryNames.ServiceAccount,
            Kind = CatalogEntryKind.KeyPair,
            Purpose = "service-account token signing key (sa.key / sa.pub)",
            KeyAlgorithm = o.KeyAlgorithm,
            Placements = controlPlane.SelectMany(h => new[]
            {
                P(h, l.ServiceAccountPrivateKey, PlacedFileKind.PrivateKey), P(h, l.ServiceAccountPublicKey, PlacedFileKind.PublicKey),
            }).ToList(),
        });
        entries.Add(Cert(CatalogEntryNames.ControllerManager, CertificateAuthorityId.Cluster, "kube-controller-manager API client",
            Leaf("system:kube-controller-manager", CertificateUsage.Client),
            controlPlane.Select(h => P(h, l.ControllerManagerKubeconfig, PlacedFileKind.Kubeconfig, local)), kubeconfig: true));
        entries.Add(Cert(CatalogEntryNames.Scheduler, CertificateAuthorityId.Cluster, "kube-scheduler API client",
            Leaf("system:kube-scheduler", CertificateUsage.Client),
            controlPlane.Select(h => P(h, l.SchedulerKubeconfig, PlacedFileKind.Kubeconfig, local)), kubeconfig: true));
        entries.Add(Cert(CatalogEntryNames.Admin, CertificateAuthorityId.Cluster, "cluster administrator (kubectl)",
            Leaf("admin", CertificateUsage.Client, [o.AdminOrganization]),
            o.AdminKubeconfigOnControlPlane ? controlPlane.Select(h => P(h, l.AdminKubeconfig, PlacedFileKind.Kubeconfig, local)) : [],
            kubeconfig: true));

        // --- etcd members and etcd clients.
        foreach (var n in t.EtcdNodes)
        {
            var dns = Distinct([n.Name, .. n.DnsNames, "localhost"]);
            var ips = DistinctIps([.. n.IpAddresses, "127.0.0.1", "::1"]);
            entries.Add(Cert(CatalogEntryNames.EtcdServer(n.Name), CertificateAuthorityId.Etcd, $"etcd server certificate of {n.Name}",
                Leaf(n.Name, CertificateUsage.ServerAndClient, dns: dns, ips: ips),
                CertAndKey([n.Name], l.EtcdServerCertificate, l.EtcdServerKey), node: n.Name));
            entries.Add(Cert(CatalogEntryNames.EtcdPeer(n.Name), CertificateAuthorityId.Etcd, $"etcd peer certificate of {n.Name}",
                Leaf(n.Name, CertificateUsage.ServerAndClient, dns: dns, ips: ips),
                CertAndKey([n.Name], l.EtcdPeerCertificate, l.EtcdPeerKey), node: n.Name));
        }
        if (o.EtcdctlClient)
            entries.Add(Cert(CatalogEntryNames.EtcdHealthcheckClient, CertificateAuthorityId.Etcd, "etcdctl / health-check client on etcd members",
                Leaf("kube-etcd-healthcheck-client", CertificateUsage.Client),
                CertAndKey(etcd, l.EtcdctlClientCertificate, l.EtcdctlClientKey)));
        // etcd's administrator (etcd maps a client certificate's CN to a user, and "root" is etcd's admin user): used
        // by K8sBare itself for auth, membership and flannel-config changes; it stays in the local store, on no host.
        entries.Add(Cert(CatalogEntryNames.EtcdAdminClient, CertificateAuthorityId.Etcd, "etcd administrator (etcd user root); kept in the local PKI store only",
            Leaf("root", CertificateUsage.Client), []));

        // --- Nodes.
        foreach (var n in kubeletNodes)
        {
            entries.Add(Cert(CatalogEntryNames.Kubelet(n.Name), CertificateAuthorityId.Cluster, $"kubelet of {n.Name}: API client (Node authorizer) and serving certificate",
                Leaf($"system:node:{n.Name}", CertificateUsage.ServerAndClient, ["system:nodes"], dns: Distinct([n.Name, .. n.DnsNames]), ips: DistinctIps(n.IpAddresses)),
                [
                    P(n.Name, PkiLayout.ForNode(l.KubeletCertificate, n.Name), PlacedFileKind.Certificate),
                    P(n.Name, PkiLayout.ForNode(l.KubeletKey, n.Name), PlacedFileKind.PrivateKey),
                    P(n.Name, PkiLayout.ForNode(l.KubeletKubeconfig, n.Name), PlacedFileKind.Kubeconfig, remote),
                ], kubeconfig: true, node: n.Name));
        }
        entries.Add(Cert(CatalogEntryNames.KubeProxy, CertificateAuthorityId.Cluster, "kube-proxy API client (bound to system:node-proxier)",
            Leaf("system:kube-proxy", CertificateUsage.Client, ["system:node-proxier"]),
            nodeNames.Select(h => P(h, l.KubeProxyKubeconfig, PlacedFileKind.Kubeconfig, remote)), kubeconfig: true));
        entries.Add(Cert(CatalogEntryNames.CoreDns, CertificateAuthorityId.Cluster, "CoreDNS API client (read-only RBAC for system:coredns)",
            Leaf("system:coredns", CertificateUsage.Client),
            (t.CoreDnsNodes?.Select(n => n.Name) ?? nodeNames).Distinct(StringComparer.Ordinal)
                .Select(h => P(h, l.CoreDnsKubeconfig, PlacedFileKind.Kubeconfig, remote)), kubeconfig: true));
        if (o.FlannelDatastore == FlannelDatastore.Etcd)
            entries.Add(Cert(CatalogEntryNames.FlannelEtcdClient, CertificateAuthorityId.Etcd, "flanneld etcd v3 client (etcd CA; no Kubernetes API rights)",
                Leaf("flanneld", CertificateUsage.Client),
                CertAndKey(nodeNames, l.FlannelEtcdClientCertificate, l.FlannelEtcdClientKey)));
        else
            entries.Add(Cert(CatalogEntryNames.Flannel, CertificateAuthorityId.Cluster, "flanneld API client for --kube-subnet-mgr (RBAC for system:flannel)",
                Leaf("system:flannel", CertificateUsage.Client),
                nodeNames.Select(h => P(h, l.FlannelKubeconfig, PlacedFileKind.Kubeconfig, remote)), kubeconfig: true));
        return entries;

        CatalogEntry Ca(string name, CertificateAuthorityId id, string cn, string purpose, IReadOnlyList<FilePlacement> placements) => new()
        {
            Name = name,
            Kind = CatalogEntryKind.CertificateAuthority,
            Purpose = purpose,
            Authority = id,
            AuthoritySpec = new CertificateAuthoritySpec
            {
                CommonName = cn, Validity = o.CaValidity, KeyAlgorithm = caKey,
                Country = o.Country, Province = o.Province, Locality = o.Locality, OrganizationalUnit = o.OrganizationalUnit,
            },
            Placements = placements,
        };

        static CatalogEntry Cert(string name, CertificateAuthorityId issuer, string purpose, CertificateSpec spec,
            IEnumerable<FilePlacement> placements, bool kubeconfig = false, string? node = null) => new()
        {
            Name = name,
            Kind = CatalogEntryKind.Certificate,
            Purpose = purpose,
            Issuer = issuer,
            Certificate = spec,
            HasKubeconfig = kubeconfig,
            Placements = placements.ToList(),
            Node = node,
        };
    }

    private static List<string> Distinct(IEnumerable<string> items) => items.Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static List<string> DistinctIps(IEnumerable<string> items) =>
        items.DistinctBy(i => IPAddress.TryParse(i, out var ip) ? ip.ToString() : i, StringComparer.Ordinal).ToList();
}
