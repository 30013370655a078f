using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using K8sBare.Etcd;
using K8sBare.Pki.Catalog;
using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// Control-plane/etcd hosts on a test bed of their own, with real etcd (3.4 uploaded from this machine, or the hosts'
/// own 3.5), and an etcd administrator client built from the cluster's PKI store, as an operator would hold it.
/// </summary>
internal static class EtcdTestbedCluster
{
    /// <summary>Where the etcd binary comes from: "3.4" = this machine's bookworm etcd uploaded, "3.5" = the hosts' trixie package.</summary>
    public static ClusterBuilder WithEtcd(this ClusterBuilder b, string version) => version switch
    {
        "3.4" => b.WithVersions(v => v with { Etcd = "3.4.23" }).WithBinary("etcd", BinarySource.FromFile("/usr/bin/etcd")),
        "3.5" => b.WithVersions(v => v with { Etcd = "3.5.16" }).WithBinary("etcd", BinarySource.OnHostAt("/usr/bin/etcd")),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "3.4 or 3.5"),
    };

    /// <summary>A cluster of the given control planes (each with etcd), no workers, no DNS: only etcd runs for real here.</summary>
    public static ClusterBuilder ControlPlanes(Testbed tb, string etcdVersion, params string[] names)
    {
        var b = ClusterBuilder.Create("grow")
            .WithSsh(new SshSettings { IdentityFile = tb.ClientIdentityFile, KnownHostsFile = tb.ClientKnownHostsFile, User = "root" })
            .UseCoreDns(CoreDnsPlacement.None)
            .WithEtcd(etcdVersion);
        foreach (var n in names) b = b.AddControlPlane(n, tb[n].Address);
        return b;
    }

    public static Task<ApplyResult> ApplyAsync(ClusterSpec spec, string pki, CancellationToken ct = default) =>
        new ClusterApplier(new SshConnectionFactory()).ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki }, ct);

    /// <summary>etcd's root (client certificate CN root) talking to <paramref name="endpoints"/> (default: every etcd node of the spec).</summary>
    public static async Task<EtcdClient> AdminAsync(ClusterSpec spec, string pki, IEnumerable<string>? endpoints = null)
    {
        using var store = await ClusterRenderer.LoadPkiAsync(spec, pki);
        var cert = store.Certificate("etcd/admin-client");
        var urls = (endpoints ?? spec.EtcdNodes.Select(n => n.Address)).Select(a => new Uri($"https://{a}:2379")).ToList();
        return new EtcdClient(EtcdClientOptions.FromPem(urls, store.Authority(CertificateAuthorityId.Etcd).CertificatePem, cert.CertificatePem, cert.KeyPem()));
    }

    /// <summary>Each member's own view (status through its own endpoint): member ID, cluster ID, leader.</summary>
    public static async Task<IReadOnlyList<EtcdEndpointStatus>> StatusOfEachAsync(EtcdClient admin, ClusterSpec spec) =>
        await Task.WhenAll(spec.EtcdNodes.Select(n => admin.GetStatusAsync(new Uri($"https://{n.Address}:2379"))));

    /// <summary>The main PID of etcd on a systemd host (changes when etcd restarts).</summary>
    public static async Task<string> EtcdPidAsync(TestbedHost host) =>
        (await host.ExecAsync("systemctl show -p MainPID --value etcd")).EnsureSuccess("etcd pid").StdOut.Trim();
}
