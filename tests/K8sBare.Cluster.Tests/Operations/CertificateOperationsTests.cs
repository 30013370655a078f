using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.EndToEnd;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Inspection;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>
/// Certificates on real hosts (a systemd control plane running the hosts' etcd 3.5 with TLS, an OpenRC worker), over
/// SSH: the expiry report read from the hosts' files and kubeconfigs; a renewal of the leaves expiring within N days
/// renews exactly those and restarts etcd; a renewal of all leaves; a PKI store with another CA is refused with the
/// hosts unchanged.
/// </summary>
public sealed class CertificateOperationsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly ApplyPhase[] Phases = [ApplyPhase.Preflight, ApplyPhase.Prepare, ApplyPhase.Pki, ApplyPhase.Binaries, ApplyPhase.Files, ApplyPhase.Etcd, ApplyPhase.Network];
    private readonly TempDirectory _dir = new("k8sbare-certs");

    public void Dispose() => _dir.Dispose();

    [RequiresFact("systemd-nspawn", "debootstrap", Root = true)]
    public async Task Reports_from_the_hosts_renews_what_expires_then_everything_and_refuses_a_foreign_CA()
    {
        await using var tb = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["cp"], OpenRcHosts = ["w"] });
        var spec = await TestbedSpecs.ControlPlaneAndOpenRcWorkerAsync(tb, "certs");
        var pki = _dir.Combine("pki");
        var apply = new ApplyOptions { PkiDirectory = pki, Phases = Phases };
        await new ClusterApplier(new SshConnectionFactory()).ApplyAsync(spec, apply);
        var ops = new CertificateOperations(new SshConnectionFactory());

        // The report: every certificate file and kubeconfig K8sBare placed, read from the host, equal to the store's.
        var report = await ops.ReportAsync(spec);
        output.WriteLine(report.ToTable());
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unreachable);
        var catalog = ClusterPkiMapping.ToCatalog(spec);
        var store = new PkiStore(pki);
        foreach (var node in new[] { "cp", "w" })
            foreach (var (entry, p) in catalog.PlacementsFor(node).Where(p => p.Placement.Kind is PlacedFileKind.Certificate or PlacedFileKind.Kubeconfig))
                Assert.Contains(report.Certificates, c => c.Host == node && c.Path == p.Path && (p.Kind == PlacedFileKind.Certificate) == (c.Embedded is null));
        foreach (var c in report.Certificates.Where(c => c.Embedded is null))
        {
            var stored = ExpiryReport.ForPem("store", await File.ReadAllTextAsync(store.CertificatePath(c.CatalogEntry)), DateTimeOffset.UtcNow)[0];
            Assert.Equal(stored.Sha256Fingerprint, c.Expiry.Sha256Fingerprint);
        }
        Assert.Contains(report.Certificates, c => c.Host == "w" && c.Embedded is { } e && e.StartsWith("user:", StringComparison.Ordinal) && !c.Expiry.IsCa);
        Assert.All(report.Certificates, c => Assert.InRange(c.Expiry.DaysLeft, 360, 3660));

        // etcd's server certificate on cp is made to expire in 45 days (re-issued by hand with its key) and placed.
        var etcdServer = catalog.PlacementsFor("cp").Single(p => p.Placement.Path == "/etc/etcd/server.pem").Entry;
        var caEntry = catalog.Entries.Single(e => e.Kind == CatalogEntryKind.CertificateAuthority && e.Authority == etcdServer.Issuer);
        using (var ca = await store.TryLoadAuthorityAsync(caEntry.Name))
        using (var old = await store.TryLoadCertificateAsync(etcdServer.Name))
            await store.SaveCertificateAsync(etcdServer.Name, ca!.Issue(etcdServer.Certificate! with { Validity = TimeSpan.FromDays(45) }, old!.Key!.Clone()));
        await new ClusterApplier(new SshConnectionFactory()).ApplyAsync(spec, apply);
        var before = await ops.ReportAsync(spec);
        Assert.InRange(Single(before, "cp", "/etc/etcd/server.pem").Expiry.DaysLeft, 43, 45);

        // Renew what expires within 60 days: exactly that certificate, etcd restarted, everything else untouched.
        var within = await ops.RenewAsync(spec, new CertificateRenewalOptions { Apply = apply, WithinDays = 60 });
        output.WriteLine(within.Plan.ToString());
        Assert.Equal([etcdServer.Name], within.Plan.ToRenew.Keys);
        Assert.Equal([etcdServer.Name], within.Reissued);
        Assert.Contains(within.Applied.ServiceRestarts, r => r.Host == "cp" && r.Service == "etcd");
        Assert.InRange(Single(within.After, "cp", "/etc/etcd/server.pem").Expiry.DaysLeft, 360, 3660);
        foreach (var c in before.Certificates.Where(c => c.CatalogEntry != etcdServer.Name))
            Assert.Equal(c.Expiry.Sha256Fingerprint, within.After.Certificates.Single(a => a.Host == c.Host && a.Path == c.Path && a.Embedded == c.Embedded).Expiry.Sha256Fingerprint);
        Assert.Equal("active", (await tb["cp"].ExecAsync("systemctl is-active etcd")).StdOut.Trim());

        // Renew all leaves: every leaf on the hosts changes, no CA does; etcd answers on the new certificates.
        var all = await ops.RenewAsync(spec, new CertificateRenewalOptions { Apply = apply });
        Assert.Equal(catalog.Entries.Where(e => e.Kind == CatalogEntryKind.Certificate).Select(e => e.Name).Order(StringComparer.Ordinal), all.Reissued);
        foreach (var c in within.After.Certificates)
        {
            var now = all.After.Certificates.Single(a => a.Host == c.Host && a.Path == c.Path && a.Embedded == c.Embedded);
            if (c.Expiry.IsCa) Assert.Equal(c.Expiry.Sha256Fingerprint, now.Expiry.Sha256Fingerprint);
            else Assert.NotEqual(c.Expiry.Sha256Fingerprint, now.Expiry.Sha256Fingerprint);
        }
        Assert.Contains(all.Applied.ServiceRestarts, r => r.Host == "cp" && r.Service == "etcd");
        var health = await tb["cp"].ExecAsync($"ETCDCTL_API=3 etcdctl --endpoints=https://{tb["cp"].Address}:2379 --cacert=/etc/etcd/ca.pem --cert=/etc/etcd/etcdctl.pem --key=/etc/etcd/etcdctl-key.pem endpoint health");
        Assert.True(health.ExitCode == 0, health.StdOut + health.StdErr);

        // A PKI store with other CAs (a fresh one for the same spec): refused, hosts and that store unchanged.
        var foreign = _dir.Combine("foreign-pki");
        (await ClusterRenderer.LoadPkiAsync(spec, foreign)).Dispose();
        var hostsBefore = await HostStateAsync(tb);
        var storeBefore = StoreState(foreign);
        var ex = await Assert.ThrowsAsync<CertificateAuthorityMismatchException>(() =>
            ops.RenewAsync(spec, new CertificateRenewalOptions { Apply = apply with { PkiDirectory = foreign } }));
        output.WriteLine(ex.Message);
        Assert.Contains("nothing was changed", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.Mismatches, m => m.StartsWith("cp:/etc/etcd/ca.pem:", StringComparison.Ordinal));
        Assert.Contains(ex.Mismatches, m => m.StartsWith("w:", StringComparison.Ordinal));
        Assert.Equal(hostsBefore, await HostStateAsync(tb));
        Assert.Equal(storeBefore, StoreState(foreign));
    }

    private static HostCertificate Single(CertificateReport r, string host, string path) => r.Certificates.Single(c => c.Host == host && c.Path == path);

    /// <summary>Every file under K8sBare's folders with its hash, and etcd's PID.</summary>
    private static async Task<string> HostStateAsync(Testbed tb)
    {
        var cp = await tb["cp"].ExecAsync("systemctl show -p MainPID --value etcd; find /etc/etcd /var/lib/kubernetes /etc/kubernetes /var/lib/k8sbare -type f -exec sha256sum {} + 2>/dev/null | sort");
        var w = await tb["w"].ExecAsync("find /var/lib/kubernetes /etc/kubernetes /var/lib/kubelet /var/lib/kube-proxy /var/lib/k8sbare -type f -exec sha256sum {} + 2>/dev/null | sort");
        return cp.StdOut + "\n--\n" + w.StdOut;
    }

    private static string StoreState(string dir) => string.Join("\n", Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(f => f + " " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))));
}
