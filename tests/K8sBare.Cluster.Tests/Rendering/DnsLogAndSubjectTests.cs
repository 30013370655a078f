using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Rendering;

/// <summary>
/// Issue 13 §8: the Corefile's <c>log</c> and certificate subject fields beyond CN/O, from the builder and the
/// inventory through validation to the rendered files; the certificates are read back by the openssl CLI.
/// </summary>
public sealed class DnsLogAndSubjectTests : IDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-subject");

    public void Dispose() => _dir.Dispose();

    private static readonly CertificateSubject HardWay = new()
    {
        Country = "US", Province = "Oregon", Locality = "Portland", OrganizationalUnit = "Kubernetes The Hard Way",
    };

    [Fact]
    public async Task Dns_log_puts_the_log_plugin_in_every_CoreDns_hosts_Corefile()
    {
        var spec = ClusterBuilder.Create("t").WithSsh("/nonexistent/id")
            .AddControlPlane("master", "10.0.0.10").AddWorker("node-1", "10.0.0.11").AddWorker("node-2", "10.0.0.12", n => n.UseOpenRc())
            .LogDnsQueries().Build();
        var artifacts = await ClusterRenderer.RenderAsync(spec, _dir.Combine("pki"));
        var corefiles = artifacts.Hosts.Select(h => h.File("/etc/coredns/Corefile")).Where(f => f is not null).ToList();
        Assert.Equal(2, corefiles.Count);
        Assert.All(corefiles, f => Assert.Contains("\n    errors\n    log\n", f!.Content, StringComparison.Ordinal));

        var quiet = await ClusterRenderer.RenderAsync(spec with { Dns = spec.Dns with { Log = false } }, _dir.Combine("pki"));
        Assert.All(quiet.Hosts.Select(h => h.File("/etc/coredns/Corefile")).Where(f => f is not null),
            f => Assert.DoesNotContain("    log\n", f!.Content, StringComparison.Ordinal));
    }

    [RequiresFact("openssl")]
    public async Task Subject_fields_reach_every_certificate_and_CA_as_openssl_reads_them_while_CN_and_O_stay_per_certificate()
    {
        var spec = SampleSpecs.Twenty() with { Pki = new PkiSettings { Subject = HardWay } };
        var artifacts = await ClusterRenderer.RenderAsync(spec, _dir.Combine("pki"));
        var node1 = artifacts.Hosts.Single(h => h.Name == "node-1");

        var kubelet = await SubjectAsync(node1.File("/var/lib/kubelet/node-1.pem")?.Content
            ?? node1.Files.Single(f => f.Path.EndsWith("node-1.pem", StringComparison.Ordinal)).Content);
        Assert.Equal("CN=system:node:node-1,OU=Kubernetes The Hard Way,O=system:nodes,L=Portland,ST=Oregon,C=US", kubelet);
        var ca = await SubjectAsync(node1.Files.Single(f => f.Path == "/var/lib/kubernetes/ca.pem").Content);
        Assert.Equal("CN=kubernetes,OU=Kubernetes The Hard Way,L=Portland,ST=Oregon,C=US", ca);

        // Without subject fields: CN and O only, as before.
        var plain = await ClusterRenderer.RenderAsync(SampleSpecs.Twenty(), _dir.Combine("pki-plain"));
        var plainKubelet = plain.Hosts.Single(h => h.Name == "node-1").Files.Single(f => f.Path.EndsWith("node-1.pem", StringComparison.Ordinal)).Content;
        Assert.Equal("CN=system:node:node-1,O=system:nodes", await SubjectAsync(plainKubelet));
    }

    [RequiresFact("openssl")]
    public async Task Changing_the_subject_reissues_the_leaves_and_keeps_the_CAs()
    {
        var store = _dir.Combine("pki-change");
        var first = await ClusterRenderer.RenderAsync(SampleSpecs.Twenty(), store);
        var second = await ClusterRenderer.RenderAsync(SampleSpecs.Twenty() with { Pki = new PkiSettings { Subject = HardWay } }, store);
        string File(Artifacts.ClusterArtifacts a, string suffix) =>
            a.Hosts.Single(h => h.Name == "node-1").Files.Single(f => f.Path.EndsWith(suffix, StringComparison.Ordinal)).Content;
        Assert.Equal(File(first, "/ca.pem"), File(second, "/ca.pem"));
        Assert.NotEqual(File(first, "node-1.pem"), File(second, "node-1.pem"));
        Assert.Contains("OU=Kubernetes The Hard Way", await SubjectAsync(File(second, "node-1.pem")), StringComparison.Ordinal);
    }

    [Fact]
    public void Inventory_keys_map_and_bad_values_name_the_field()
    {
        var sample = System.IO.File.ReadAllText(RepositoryPaths.Combine("samples", "inventory", "twenty.yaml"));
        var yaml = sample
            .Replace("  log: false", "  log: true", StringComparison.Ordinal)
            .Replace("  # subject:", "  subject:", StringComparison.Ordinal)
            .Replace("  #   country: US", "    country: US", StringComparison.Ordinal)
            .Replace("  #   province: Oregon", "    province: Oregon", StringComparison.Ordinal)
            .Replace("  #   locality: Portland", "    locality: Portland", StringComparison.Ordinal)
            .Replace("  #   organizationalUnit: Kubernetes The Hard Way", "    organizationalUnit: Kubernetes The Hard Way", StringComparison.Ordinal);
        var path = _dir.Combine("inv.yaml");
        System.IO.File.WriteAllText(path, yaml);
        var spec = InventoryLoader.Load(path);
        Assert.True(spec.Dns.Log);
        Assert.Equal(HardWay, spec.Pki.Subject);
        Assert.False(InventoryLoader.Load(RepositoryPaths.Combine("samples", "inventory", "twenty.yaml")).Dns.Log);

        foreach (var (subject, field) in new[]
        {
            (HardWay with { Country = "USA" }, "pki.subject.country"),
            (HardWay with { Province = "Ore\ngon" }, "pki.subject.province"),
            (HardWay with { Locality = " " }, "pki.subject.locality"),
            (HardWay with { OrganizationalUnit = new string('x', 129) }, "pki.subject.organizationalUnit"),
        })
        {
            var report = (SampleSpecs.Twenty() with { Pki = new PkiSettings { Subject = subject } }).Validate(ValidationOptions.ForRender);
            var problem = Assert.Single(report.Errors);
            Assert.Equal((field, ProblemCodes.SubjectFieldInvalid), (problem.Field, problem.Code));
        }

        var nullSubject = (SampleSpecs.Twenty() with { Pki = new PkiSettings { Subject = null! } }).Validate(ValidationOptions.ForRender);
        Assert.Contains(nullSubject.Errors, e => e.Field == "pki.subject");
    }

    private async Task<string> SubjectAsync(string pem)
    {
        var file = _dir.Combine(Guid.NewGuid().ToString("N") + ".pem");
        await System.IO.File.WriteAllTextAsync(file, pem);
        var r = (await ProcessRunner.RunAsync("openssl", ["x509", "-in", file, "-noout", "-subject", "-nameopt", "RFC2253"])).EnsureSuccess("x509 -subject");
        return r.StdOut.Trim().Replace("subject=", "", StringComparison.Ordinal);
    }
}
