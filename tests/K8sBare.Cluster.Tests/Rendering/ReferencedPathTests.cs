using K8sBare.Cli.Topologies;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Rendering;

/// <summary>
/// Issue 13 §3: a file a service needs must be on its host. Every sample topology is rendered with every CoreDNS
/// placement, every API endpoint mode and both pod networks; the render-time check (<see cref="ReferencedPathCheck"/>)
/// runs inside each render, and the tests below also assert its findings directly and that credentials follow the
/// services. The example that failed before the fix: CoreDNS on a dedicated control plane named
/// /var/lib/kubernetes/coredns/coredns.kubeconfig, which only workers received.
/// </summary>
public sealed class ReferencedPathTests : IDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-refpaths");

    public void Dispose() => _dir.Dispose();

    private static readonly CoreDnsPlacement[] Placements = Enum.GetValues<CoreDnsPlacement>();

    private static readonly ApiEndpointMode[] Modes = Enum.GetValues<ApiEndpointMode>();

    /// <summary>The sample topologies: the CLI's $20 and HA clusters, the inventory sample, and $20 with a dedicated etcd node.</summary>
    private static IEnumerable<(string Name, ClusterSpec Spec)> Samples()
    {
        yield return ("twenty", TwentyDollarCluster.Build("/nonexistent/id_ed25519"));
        yield return ("ha", HaCluster.Build("/nonexistent/id_ed25519"));
        yield return ("inventory", InventoryLoader.Load(RepositoryPaths.Combine("samples", "inventory", "twenty.yaml")));
        yield return ("external-etcd", ClusterBuilder.Create("ext")
            .WithSsh("/nonexistent/id_ed25519")
            .AddEtcd("etcd-1", "10.0.2.5")
            .AddControlPlane("cp", "10.0.2.10", n => n.UseOpenRc())
            .AddWorker("w-1", "10.0.2.11")
            .AddWorker("w-2", "10.0.2.12", n => n.UseOpenRc())
            .Build());
    }

    private static ApiEndpoint Endpoint(ClusterSpec spec, ApiEndpointMode mode)
    {
        var cp = spec.ControlPlaneNodes.First().Address;
        var prefix = cp[..(cp.LastIndexOf('.') + 1)];
        return mode switch
        {
            ApiEndpointMode.ExternalLoadBalancer => new ApiEndpoint { Mode = mode, Host = prefix + "200" },
            ApiEndpointMode.DnsRoundRobin => new ApiEndpoint { Mode = mode, Host = "api.example.test" },
            ApiEndpointMode.KeepalivedVip => new ApiEndpoint { Mode = mode, VirtualIp = prefix + "100" },
            _ => new ApiEndpoint { Mode = mode },
        };
    }

    private static IEnumerable<(string Name, ClusterSpec Spec)> Matrix()
    {
        foreach (var (name, sample) in Samples())
            foreach (var placement in Placements)
                foreach (var mode in Modes)
                    foreach (var pods in new[] { PodNetworkMode.Flannel, PodNetworkMode.StaticRoutes })
                    {
                        // The pod network changes only the workers' files: both networks with every placement, one endpoint mode.
                        if (pods != sample.PodNetwork && mode != ApiEndpointMode.FirstControlPlane) continue;
                        var spec = sample with
                        {
                            Dns = sample.Dns with { Placement = placement },
                            ApiEndpoint = Endpoint(sample, mode),
                            PodNetwork = pods,
                        };
                        yield return ($"{name}/{placement}/{mode}/{pods}", spec);
                    }
    }

    [Fact]
    public async Task Every_path_a_rendered_file_names_is_on_its_host_for_every_sample_placement_and_endpoint()
    {
        var rendered = 0;
        var skipped = new List<string>();
        foreach (var (name, spec) in Matrix())
        {
            var report = spec.Validate(ValidationOptions.ForRender);
            if (!report.IsValid)
            {
                skipped.Add($"{name}: {string.Join("; ", report.Errors.Select(e => e.Code))}");
                continue;
            }
            // One store per sample: the keys are reused, certificates re-issued where the names changed.
            var artifacts = await ClusterRenderer.RenderAsync(spec, _dir.Combine("pki-" + name.Split('/')[0]));
            rendered++;
            foreach (var host in artifacts.Hosts)
            {
                // The check ran inside RenderAsync; asserting its findings here keeps the test failing if it is ever removed.
                Assert.True(ReferencedPathCheck.Problems(spec, host, Provided(spec, host)).Count == 0, name);
                foreach (var service in host.Services)
                    Assert.True(ComponentPlacement.Runs(spec, host.Node, service.Component), $"{name}: {service.Name} on {host.Name}");
            }
        }

        // The endpoint modes that need other nodes (keepalived needs ≥ 2 control-plane nodes, …) may refuse some
        // combinations; the matrix must still have rendered nearly all of them.
        var total = Matrix().Count();
        Assert.True(rendered >= total * 3 / 4, $"rendered {rendered} of {total}; refused:\n{string.Join("\n", skipped)}");
    }

    /// <summary>The paths the hosts' services provide, recomputed from the artifacts (what the renderer recorded).</summary>
    private static IReadOnlyCollection<string> Provided(ClusterSpec spec, HostArtifacts host)
    {
        var provided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in host.Services)
        {
            foreach (var p in ClusterComponents.ForService(s.Name)!.ProvidedPaths) provided.Add(p);
            if (host.Node.InitSystem == InitSystem.OpenRc)
            {
                provided.Add($"/run/supervise-{s.Name}.pid");
                provided.Add($"/var/log/{s.Name}.log");
            }
        }
        provided.Add(host.Node.ResolvConf ?? "/etc/resolv.conf");
        if (spec.Dns.Upstream.StartsWith('/')) provided.Add(spec.Dns.Upstream);
        return provided;
    }

    [Fact]
    public async Task CoreDns_on_a_dedicated_control_plane_gets_its_kubeconfig_and_workers_do_not()
    {
        var spec = TwentyDollarCluster.Build("/nonexistent/id_ed25519") with { Dns = new DnsSettings { Placement = CoreDnsPlacement.HostServiceOnControlPlane } };
        var artifacts = await ClusterRenderer.RenderAsync(spec, _dir.Combine("pki"));
        var master = artifacts.Hosts.Single(h => h.Name == "master");
        var corefile = master.File("/etc/coredns/Corefile")!.Content;
        Assert.Contains("kubeconfig /var/lib/kubernetes/coredns/coredns.kubeconfig", corefile, StringComparison.Ordinal);
        Assert.NotNull(master.File("/var/lib/kubernetes/coredns/coredns.kubeconfig"));
        foreach (var worker in artifacts.Hosts.Where(h => h.Name != "master"))
            Assert.Null(worker.File("/var/lib/kubernetes/coredns/coredns.kubeconfig"));
    }

    [Fact]
    public async Task Kubelet_credentials_go_only_to_control_plane_nodes_that_run_a_kubelet()
    {
        var spec = ClusterBuilder.Create("mixed").WithSsh("/nonexistent/id_ed25519")
            .AddNode("cp-1", "10.0.3.11", NodeRoles.ControlPlane | NodeRoles.Etcd | NodeRoles.Worker)
            .AddControlPlane("cp-2", "10.0.3.12")
            .AddControlPlane("cp-3", "10.0.3.13")
            .AddWorker("w-1", "10.0.3.21")
            .Build();
        var artifacts = await ClusterRenderer.RenderAsync(spec, _dir.Combine("pki-mixed"));
        foreach (var host in artifacts.Hosts)
        {
            var kubeletCreds = host.Files.Where(f => f.Kind == ArtifactKind.Pki && f.Path.Contains("kubelet", StringComparison.Ordinal)
                && !f.Path.Contains("apiserver", StringComparison.Ordinal)).ToList();
            Assert.Equal(host.Node.IsWorker, kubeletCreds.Count > 0);
            Assert.Equal(host.Node.IsWorker, host.Files.Any(f => f.Path.EndsWith("kube-proxy.kubeconfig", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void The_check_names_a_reference_to_a_file_not_on_the_host()
    {
        var spec = SampleSpecs.Twenty();
        var node = spec.Nodes[0];
        HostArtifacts Host(params ArtifactFile[] files) => new() { Node = node, Files = files };
        ArtifactFile Unit(string content) => new()
        {
            Path = "/etc/systemd/system/x.service", Content = content, Mode = ArtifactFile.DefaultMode, Component = ClusterComponent.CoreDns, Kind = ArtifactKind.Service,
        };
        var kubeconfig = new ArtifactFile { Path = "/var/lib/x/x.kubeconfig", Content = "", Mode = ArtifactFile.PrivateMode, Component = ClusterComponent.CoreDns, Kind = ArtifactKind.Pki };

        var missing = ReferencedPathCheck.Problems(spec, Host(Unit("ExecStart=/usr/local/bin/x --kubeconfig=/var/lib/x/x.kubeconfig\n")), []);
        Assert.Equal(["/etc/systemd/system/x.service (CoreDns): /usr/local/bin/x", "/etc/systemd/system/x.service (CoreDns): /var/lib/x/x.kubeconfig"], missing);

        // Placed files, their folders, URLs, CIDRs, provided trees and the spec's pass-through paths are not findings.
        Assert.Empty(ReferencedPathCheck.Problems(spec, Host(Unit(
            "ExecStart=/usr/local/bin/x --kubeconfig=/var/lib/x/x.kubeconfig --dir=/var/lib/x --server=https://10.0.0.1:6443/api --cidr=10.0.0.0/24 --state=/run/x/sock --log=/dev/null\n"), kubeconfig),
            ["/usr/local/bin/x", "/run/x"]));
        var withUserFile = spec with { ExtraArgs = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["kubelet"] = new Dictionary<string, string> { ["config-dir"] = "/etc/mine/conf.d" } } };
        Assert.Empty(ReferencedPathCheck.Problems(withUserFile, Host(Unit("ExecStart=/bin/true --config-dir=/etc/mine/conf.d\n")), ["/bin/true"]));
        Assert.NotEmpty(ReferencedPathCheck.Problems(spec, Host(Unit("ExecStart=/bin/true --config-dir=/etc/mine/conf.d\n")), ["/bin/true"]));
    }
}
