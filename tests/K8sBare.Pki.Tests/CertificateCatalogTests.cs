using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;

namespace K8sBare.Pki.Tests;

public class CertificateCatalogTests
{
    private static readonly CertificateCatalog Catalog = CertificateCatalog.For(Topologies.TwentyDollar);

    [Fact]
    public void Lists_every_certificate_of_the_cluster()
    {
        Assert.Equal(
        [
            "ca", "etcd/ca", "front-proxy-ca",
            "apiserver", "apiserver-kubelet-client", "apiserver-etcd-client", "front-proxy-client", "sa",
            "controller-manager", "scheduler", "admin",
            "etcd/server-master", "etcd/peer-master", "etcd/healthcheck-client", "etcd/admin-client",
            "kubelet/node-1", "kubelet/node-2", "kube-proxy", "coredns", "flannel-etcd-client",
        ], Catalog.Entries.Select(e => e.Name));
    }

    [Fact]
    public void Apiserver_serving_cert_has_the_kubeadm_sans_plus_every_endpoint()
    {
        var api = Catalog["apiserver"].Certificate!;
        Assert.Equal("kube-apiserver", api.CommonName);
        Assert.Equal(CertificateUsage.Server, api.Usage);
        Assert.Equal(["master", "k8s.example.com", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"], api.DnsNames);
        Assert.Equal(["10.0.0.10", "203.0.113.10", "127.0.0.1", "10.32.0.1"], api.IpAddresses);
        Assert.Equal(CertificateAuthorityId.Cluster, Catalog["apiserver"].Issuer);
    }

    [Fact]
    public void Every_etcd_client_identity_has_its_own_common_name()
    {
        // etcd (--client-cert-auth with auth enabled) maps a client certificate's CN to a user: one CN per identity.
        var cns = new[] { "apiserver-etcd-client", "flannel-etcd-client", "etcd/healthcheck-client", "etcd/admin-client" }
            .ToDictionary(n => n, n => Catalog[n].Certificate!.CommonName);
        Assert.Equal("kube-apiserver-etcd-client", cns["apiserver-etcd-client"]);
        Assert.Equal("flanneld", cns["flannel-etcd-client"]);
        Assert.Equal("kube-etcd-healthcheck-client", cns["etcd/healthcheck-client"]);
        Assert.Equal("root", cns["etcd/admin-client"]);
        Assert.Equal(cns.Count, cns.Values.Distinct().Count());
        Assert.Empty(Catalog["etcd/admin-client"].Placements); // the administrator never lands on a host
        Assert.All(new[] { "apiserver-etcd-client", "flannel-etcd-client", "etcd/healthcheck-client", "etcd/admin-client" },
            n => Assert.Equal(CertificateAuthorityId.Etcd, Catalog[n].Issuer));
    }

    [Fact]
    public void Only_the_admin_certificate_is_in_system_masters()
    {
        // system:masters bypasses RBAC and cannot be revoked: a component identity in it (the apiserver's kubelet
        // client used to be) cannot be limited. Every other certificate gets its rights from RBAC bindings.
        var masters = Catalog.Entries.Where(e => e.Certificate?.Organizations.Contains("system:masters") == true).Select(e => e.Name);
        Assert.Equal(["admin"], masters);
        Assert.Empty(Catalog["apiserver-kubelet-client"].Certificate!.Organizations);
        Assert.Equal("kube-apiserver-kubelet-client", Catalog["apiserver-kubelet-client"].Certificate!.CommonName);

        var grouped = CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions { ApiServerKubeletClientOrganization = "kubeadm:cluster-admins" });
        Assert.Equal(["kubeadm:cluster-admins"], grouped["apiserver-kubelet-client"].Certificate!.Organizations);
    }

    [Fact]
    public void Identities_match_rbac_expectations()
    {
        var kubelet = Catalog["kubelet/node-1"].Certificate!;
        Assert.Equal("system:node:node-1", kubelet.CommonName);
        Assert.Equal(["system:nodes"], kubelet.Organizations);
        Assert.Equal(CertificateUsage.ServerAndClient, kubelet.Usage);
        Assert.Equal(["node-1"], Catalog["kubelet/node-1"].Certificate!.DnsNames);
        Assert.Equal(["10.0.0.11"], Catalog["kubelet/node-1"].Certificate!.IpAddresses);
        Assert.Equal(["system:masters"], Catalog["admin"].Certificate!.Organizations);
        Assert.Equal("system:kube-proxy", Catalog["kube-proxy"].Certificate!.CommonName);
        Assert.Equal("system:kube-controller-manager", Catalog["controller-manager"].Certificate!.CommonName);
        Assert.Equal("system:kube-scheduler", Catalog["scheduler"].Certificate!.CommonName);
        Assert.Equal("system:coredns", Catalog["coredns"].Certificate!.CommonName);
        Assert.Empty(Catalog["coredns"].Certificate!.Organizations);
        Assert.Equal(CertificateAuthorityId.Etcd, Catalog["flannel-etcd-client"].Issuer);
        Assert.Equal(CertificateAuthorityId.Etcd, Catalog["apiserver-etcd-client"].Issuer);
        Assert.Equal(CertificateAuthorityId.FrontProxy, Catalog["front-proxy-client"].Issuer);
        Assert.Equal(CertificateUsage.ServerAndClient, Catalog["etcd/server-master"].Certificate!.Usage);
        Assert.Equal(["master", "localhost"], Catalog["etcd/peer-master"].Certificate!.DnsNames);
        Assert.Equal(["10.0.0.10", "127.0.0.1", "::1"], Catalog["etcd/peer-master"].Certificate!.IpAddresses);
        Assert.All(Catalog.Entries.Where(e => e.Certificate is not null && e.Name != "apiserver" && !e.Name.StartsWith("kubelet/", StringComparison.Ordinal) && !e.Name.StartsWith("etcd/s", StringComparison.Ordinal) && !e.Name.StartsWith("etcd/p", StringComparison.Ordinal)),
            e => Assert.Equal(CertificateUsage.Client, e.Certificate!.Usage));
    }

    [Fact]
    public void Workers_never_receive_a_ca_key_or_the_apiserver_key()
    {
        foreach (var worker in new[] { "node-1", "node-2" })
        {
            var placed = Catalog.PlacementsFor(worker);
            Assert.NotEmpty(placed);
            Assert.DoesNotContain(placed, p => p.Entry.Kind == CatalogEntryKind.CertificateAuthority && p.Placement.Kind == PlacedFileKind.PrivateKey);
            Assert.DoesNotContain(placed, p => p.Entry.Name is "apiserver" or "sa" or "apiserver-etcd-client" or "admin");
            Assert.Contains(placed, p => p.Placement.Path == "/var/lib/kubernetes/ca.pem");
            Assert.Contains(placed, p => p.Placement.Path == $"/var/lib/kubelet/{worker}-key.pem" && p.Placement.Mode == (UnixFileMode)0b110_000_000);
            Assert.Contains(placed, p => p.Placement.Path == $"/var/lib/kubernetes/kubelet/{worker}.kubeconfig" && p.Placement.KubeconfigServer == "https://203.0.113.10:6443");
            // A worker only gets its own kubelet identity.
            Assert.DoesNotContain(placed, p => p.Entry.Node is not null && p.Entry.Node != worker);
        }
    }

    [Fact]
    public void Only_the_cluster_ca_key_goes_to_control_plane_and_only_when_enabled()
    {
        var caKeys = Catalog.Entries.Where(e => e.Kind == CatalogEntryKind.CertificateAuthority)
            .SelectMany(e => e.Placements.Where(p => p.Kind == PlacedFileKind.PrivateKey).Select(p => (e.Name, p.Host, p.Path))).ToList();
        Assert.Equal([("ca", "master", "/var/lib/kubernetes/ca-key.pem")], caKeys);

        var strict = CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions { ClusterCaKeyOnControlPlane = false });
        Assert.DoesNotContain(strict.Entries.Where(e => e.Kind == CatalogEntryKind.CertificateAuthority).SelectMany(e => e.Placements), p => p.Kind == PlacedFileKind.PrivateKey);
    }

    [Fact]
    public void Master_gets_control_plane_and_etcd_files_at_the_documented_paths()
    {
        var paths = Catalog.PlacementsFor("master").Select(p => p.Placement.Path).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        foreach (var expected in new[]
        {
            "/var/lib/kubernetes/ca.pem", "/var/lib/kubernetes/ca-key.pem", "/var/lib/kubernetes/kubernetes.pem", "/var/lib/kubernetes/kubernetes-key.pem",
            "/var/lib/kubernetes/service-account.pem", "/var/lib/kubernetes/service-account-key.pem", "/var/lib/kubernetes/etcd-ca.pem",
            "/var/lib/kubernetes/kube-controller-manager.kubeconfig", "/var/lib/kubernetes/kube-scheduler/kube-scheduler.kubeconfig",
            "/etc/etcd/ca.pem", "/etc/etcd/server.pem", "/etc/etcd/server-key.pem", "/etc/etcd/peer.pem", "/etc/etcd/peer-key.pem",
        })
            Assert.Contains(expected, paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/var/lib/kubelet/", StringComparison.Ordinal) || p.StartsWith("/var/lib/kubernetes/kubelet/", StringComparison.Ordinal));
        var cm = Catalog.PlacementsFor("master").Single(p => p.Placement.Path.EndsWith("kube-controller-manager.kubeconfig", StringComparison.Ordinal));
        Assert.Equal("https://127.0.0.1:6443", cm.Placement.KubeconfigServer);
    }

    [Fact]
    public void Kubelet_on_control_plane_and_kube_api_flannel_are_options()
    {
        var c = CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions { KubeletOnControlPlane = true, FlannelDatastore = FlannelDatastore.KubernetesApi });
        Assert.Contains(c.Entries, e => e.Name == "kubelet/master");
        Assert.DoesNotContain(c.Entries, e => e.Name == "flannel-etcd-client");
        Assert.Equal(CertificateAuthorityId.Cluster, c["flannel"].Issuer);
        Assert.Contains(c.PlacementsFor("master"), p => p.Placement.Path == "/var/lib/kubernetes/flanneld/flanneld.kubeconfig");
    }

    [Fact]
    public void CoreDns_kubeconfig_goes_to_the_CoreDns_nodes_when_they_are_named()
    {
        const string path = "/var/lib/kubernetes/coredns/coredns.kubeconfig";
        bool Has(CertificateCatalog c, string host) => c.PlacementsFor(host).Any(p => p.Placement.Path == path);

        // Default: the kubelet nodes.
        var byDefault = CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions());
        Assert.True(Has(byDefault, "node-1") && Has(byDefault, "node-2"));
        Assert.False(Has(byDefault, "master"));

        // On a dedicated control plane: only there (issue 13 §3).
        var onControlPlane = CertificateCatalog.For(Topologies.TwentyDollar with { CoreDnsNodes = [new TopologyNode("master", "10.0.0.10")] }, new CertificateCatalogOptions());
        Assert.True(Has(onControlPlane, "master"));
        Assert.False(Has(onControlPlane, "node-1") || Has(onControlPlane, "node-2"));
        Assert.Equal("https://203.0.113.10:6443", onControlPlane.PlacementsFor("master").Single(p => p.Placement.Path == path).Placement.KubeconfigServer);

        // None: CoreDNS runs on no host, so no host holds its credentials.
        var none = CertificateCatalog.For(Topologies.TwentyDollar with { CoreDnsNodes = [] }, new CertificateCatalogOptions());
        Assert.DoesNotContain(new[] { "master", "node-1", "node-2" }, h => Has(none, h));

        Assert.Contains(Topologies.TwentyDollar with { CoreDnsNodes = [new TopologyNode("bad name")] } is var t ? t.Validate() : [],
            p => p.Contains("CoreDnsNodes", StringComparison.Ordinal));
    }

    [Fact]
    public void Layout_paths_and_owners_are_configurable()
    {
        var c = CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions
        {
            Layout = new PkiLayout { EtcdOwner = "etcd:etcd", KubeletKey = "/etc/kubernetes/pki/{node}.key" },
        });
        var master = c.PlacementsFor("master");
        Assert.Equal("etcd:etcd", master.Single(p => p.Placement.Path == "/etc/etcd/server-key.pem").Placement.Owner);
        Assert.Equal("root", master.Single(p => p.Placement.Path == "/var/lib/kubernetes/kubernetes-key.pem").Placement.Owner);
        Assert.Contains(c.PlacementsFor("node-2"), p => p.Placement.Path == "/etc/kubernetes/pki/node-2.key" && p.Placement.Kind == PlacedFileKind.PrivateKey);
    }

    [Fact]
    public void Layout_collisions_and_relative_paths_are_rejected()
    {
        var ex = Assert.Throws<PkiException>(() => CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions
        {
            Layout = new PkiLayout { KubeletKey = "/var/lib/kubernetes/ca.pem", KubeProxyKubeconfig = "kube-proxy.kubeconfig" },
        }));
        Assert.Contains("host 'node-1' would get ca (Certificate) and kubelet/node-1 (PrivateKey) at the same path /var/lib/kubernetes/ca.pem", ex.Message);
        Assert.Contains("path 'kube-proxy.kubeconfig' is not absolute", ex.Message);
    }

    [Fact]
    public void Invalid_topology_reports_every_problem()
    {
        var bad = Topologies.TwentyDollar with
        {
            ServiceCidr = "10.32.0.0",
            ControlPlaneNodes = [new TopologyNode("master", "10.0.0.300")],
            WorkerNodes = [new TopologyNode("node 1", "10.0.0.11"), new TopologyNode("node-2", "x")],
        };
        var ex = Assert.Throws<PkiException>(() => CertificateCatalog.For(bad));
        Assert.Contains("ServiceCidr '10.32.0.0' is not a CIDR", ex.Message);
        Assert.Contains("ControlPlaneNodes node 'master': '10.0.0.300' is not an IP address", ex.Message);
        Assert.Contains("node named 'node 1'", ex.Message);
        Assert.Contains("WorkerNodes node 'node-2': 'x' is not an IP address", ex.Message);
    }

    [Theory]
    [InlineData("10.32.0.0/24", "10.32.0.1")]
    [InlineData("10.96.0.0/12", "10.96.0.1")]
    [InlineData("10.96.5.7/12", "10.96.0.1")]
    [InlineData("fd00:10:96::/112", "fd00:10:96::1")]
    public void First_service_ip(string cidr, string expected) =>
        Assert.Equal(expected, (Topologies.TwentyDollar with { ServiceCidr = cidr }).FirstServiceIp());
}
