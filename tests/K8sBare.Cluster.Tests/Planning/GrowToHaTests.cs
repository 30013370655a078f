using System.Security.Cryptography.X509Certificates;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Planning;

/// <summary>
/// Issue 12's "1 → HA": the $20 cluster's single control plane grows to three behind an external load balancer. What
/// must change does (the apiserver certificate re-issued with the new SANs by the same CA, every kubeconfig moved to
/// the endpoint, the apiservers' etcd list), and what must not does not (the CAs, the service-account key, the
/// etcd peer certificates of the existing member). Judged from the files written to the hosts' folders, read with
/// .NET's X509 reader and openssl, not from the product's change list.
/// </summary>
public sealed class GrowToHaTests : IDisposable
{
    private const string Endpoint = "10.0.0.100";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClusterSpec Day2(ClusterSpec day1) => ClusterBuilder.From(day1)
        .AddControlPlane("cp-2", "10.0.0.20")
        .AddControlPlane("cp-3", "10.0.0.21")
        .WithApiEndpoint(ApiEndpointMode.ExternalLoadBalancer, host: Endpoint)
        .Build();

    [Fact]
    public async Task Growing_the_twenty_dollar_cluster_to_three_control_planes_reissues_the_apiserver_certificate_and_moves_every_kubeconfig_to_the_endpoint()
    {
        var outDir = _dir.Combine("out");
        var pki = _dir.Combine("pki");
        var day1 = SampleSpecs.Twenty();
        await ClusterFolderRenderer.RenderToFolderAsync(day1, outDir, pki);
        string F(string host, string path) => Path.Combine(outDir, host, path.TrimStart('/'));
        var kept = new[]
        {
            ("master", "/var/lib/kubernetes/ca.pem"), ("master", "/var/lib/kubernetes/ca-key.pem"),
            ("master", "/var/lib/kubernetes/service-account.pem"), ("master", "/var/lib/kubernetes/service-account-key.pem"),
            ("master", "/etc/etcd/ca.pem"), ("master", "/etc/etcd/peer.pem"), ("master", "/etc/etcd/server.pem"),
            ("node-1", "/var/lib/kubernetes/ca.pem"),
        }.ToDictionary(k => k, k => File.ReadAllBytes(F(k.Item1, k.Item2)));
        var day1Apiserver = X509Certificate2.CreateFromPem(File.ReadAllText(F("master", "/var/lib/kubernetes/kubernetes.pem")));
        Assert.DoesNotContain("10.0.0.20", IpSans(day1Apiserver));

        var day2 = Day2(day1);
        var plan = await new ClusterPlanner(new DirectoryConnectionFactory(outDir)).PlanAsync(day2, pki);
        // The existing control plane and every worker change (certificate, kubeconfigs); the new hosts are created.
        Assert.Equal(["cp-2", "cp-3", "master", "node-1", "node-2"], plan.HostsWithChanges.Order(StringComparer.Ordinal));
        Assert.Contains(plan["master"].Files, f => f.Path == "/var/lib/kubernetes/kubernetes.pem" && f.Change == PlannedChange.Change);
        Assert.Contains(plan["node-1"].Files, f => f.Path.EndsWith("node-1.kubeconfig", StringComparison.Ordinal) && f.Change == PlannedChange.Change);

        await ClusterFolderRenderer.RenderToFolderAsync(day2, outDir, pki);

        // Kept: byte for byte.
        foreach (var ((host, path), bytes) in kept) Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(F(host, path))), $"{host}:{path} changed");

        // The apiserver certificate on every control plane: re-issued by the same CA, naming every control plane and the endpoint.
        foreach (var cp in new[] { "master", "cp-2", "cp-3" })
        {
            var certPath = F(cp, "/var/lib/kubernetes/kubernetes.pem");
            await OpenSsl.AssertVerifiesAsync(F("master", "/var/lib/kubernetes/ca.pem"), certPath, $"{cp} apiserver certificate");
            await OpenSsl.AssertKeyMatchesAsync(certPath, F(cp, "/var/lib/kubernetes/kubernetes-key.pem"), $"{cp} apiserver key");
            var sans = IpSans(X509Certificate2.CreateFromPem(File.ReadAllText(certPath)));
            foreach (var ip in new[] { "10.0.0.10", "10.0.0.20", "10.0.0.21", Endpoint }) Assert.Contains(ip, sans);
        }

        // Every kubeconfig that reaches the API through the endpoint names it: the workers' kubelets and kube-proxies,
        // and the admin kubeconfig the operator uses off the nodes (beside the hosts' folders; the control planes' own
        // admin.kubeconfig talks to the local apiserver).
        var kubeconfigs = Directory.EnumerateFiles(outDir, "*.kubeconfig", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(kubeconfigs);
        foreach (var host in new[] { "node-1", "node-2" })
            foreach (var k in kubeconfigs.Where(k => k.StartsWith(Path.Combine(outDir, host) + "/", StringComparison.Ordinal)))
                Assert.True(File.ReadAllText(k).Contains($"server: https://{Endpoint}:6443", StringComparison.Ordinal), $"{k}:\n{File.ReadAllText(k)}");
        Assert.Contains($"server: https://{Endpoint}:6443", File.ReadAllText(Path.Combine(outDir, "admin.kubeconfig")), StringComparison.Ordinal);
        // On the control planes the components talk to their own apiserver; nothing names the old single address.
        Assert.DoesNotContain(kubeconfigs, k => File.ReadAllText(k).Contains("server: https://10.0.0.10:6443", StringComparison.Ordinal));

        // The apiservers reach all three etcd members.
        foreach (var cp in new[] { "master", "cp-2", "cp-3" })
        {
            var unit = File.ReadAllText(F(cp, "/etc/systemd/system/kube-apiserver.service"));
            foreach (var ip in new[] { "10.0.0.10", "10.0.0.20", "10.0.0.21" }) Assert.Contains($"https://{ip}:2379", unit, StringComparison.Ordinal);
        }

        // Settled: planning day 2 again changes nothing.
        var again = await new ClusterPlanner(new DirectoryConnectionFactory(outDir)).PlanAsync(day2, pki);
        Assert.True(again.IsEmpty, again.ToTable());
    }

    private static List<string> IpSans(X509Certificate2 cert)
    {
        var ext = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        return ext.EnumerateIPAddresses().Select(a => a.ToString()).ToList();
    }
}
