using System.Security.Cryptography.X509Certificates;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Rendering;

/// <summary>
/// Issue 12, the write-up's shape: the nodes reach the apiservers through their local proxy, the operator through
/// an external load balancer (kubespray's loadbalancer_apiserver + loadbalancer_apiserver_localhost). K8sBare does
/// not manage that load balancer's host, but it renders its haproxy.cfg, names it in the operator's kubeconfig and in
/// the apiserver certificate.
/// </summary>
public sealed class ExternalLoadBalancerRenderingTests : IDisposable
{
    private const string Lb = "10.0.1.5";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClusterSpec Shape(ApiEndpointMode mode = ApiEndpointMode.LocalProxy, string? host = Lb) =>
        ClusterBuilder.Create("lb")
            .WithSsh("/nonexistent/id_ed25519")
            .AddControlPlane("cp-1", "10.0.1.11").AddControlPlane("cp-2", "10.0.1.12")
            .AddWorker("w-1", "10.0.1.21", n => n.WithRole(NodeRoles.Etcd)).AddWorker("w-2", "10.0.1.22")
            .WithApiEndpoint(new ApiEndpoint { Mode = mode, Host = host })
            .Build();

    private Task<ClusterArtifacts> RenderAsync(ClusterSpec spec) => ClusterRenderer.RenderAsync(spec, _dir.Combine("pki"));

    [Fact]
    public async Task Local_proxy_with_an_external_load_balancer_gives_the_operator_the_load_balancer_and_the_nodes_their_proxy()
    {
        var a = await RenderAsync(Shape());

        var admin = K8sBare.Pki.Kubeconfig.KubeconfigFile.Parse(a.OperatorFiles["admin.kubeconfig"].Content);
        Assert.Equal($"https://{Lb}:6443", Assert.Single(admin.Clusters).Cluster.Server);
        foreach (var w in new[] { "w-1", "w-2" })
        {
            var host = a[w];
            Assert.Contains(host.Services, s => s.Name == "nginx");
            var kubelet = host.Files.Single(f => f.Kind == ArtifactKind.Pki && f.Path.Contains("kubelet", StringComparison.Ordinal) && f.Path.EndsWith("kubeconfig", StringComparison.Ordinal));
            Assert.Contains("https://127.0.0.1:6443", kubelet.Content, StringComparison.Ordinal);
            Assert.DoesNotContain(Lb, kubelet.Content, StringComparison.Ordinal);
        }

        // The apiserver certificate names the load balancer (the operator's TLS goes through it to every apiserver).
        foreach (var cp in new[] { "cp-1", "cp-2" })
        {
            var pem = a[cp].Files.Single(f => f.Path.EndsWith("kubernetes.pem", StringComparison.Ordinal)).Content;
            var ips = X509Certificate2.CreateFromPem(pem).Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(i => i.ToString());
            Assert.Contains(Lb, ips);
            Assert.Contains("127.0.0.1", ips);
        }
    }

    [Theory]
    [InlineData(ApiEndpointMode.LocalProxy)]
    [InlineData(ApiEndpointMode.ExternalLoadBalancer)]
    public async Task The_external_load_balancer_gets_a_haproxy_config_with_every_apiserver_behind_a_health_check(ApiEndpointMode mode)
    {
        var a = await RenderAsync(Shape(mode));
        var cfg = a.OperatorFiles["api-load-balancer.haproxy.cfg"];
        Assert.Equal("/etc/haproxy/haproxy.cfg", cfg.Path);
        Assert.Contains("bind 0.0.0.0:6443", cfg.Content, StringComparison.Ordinal);
        Assert.Contains("server cp-1 10.0.1.11:6443 check", cfg.Content, StringComparison.Ordinal);
        Assert.Contains("server cp-2 10.0.1.12:6443 check", cfg.Content, StringComparison.Ordinal);
        // Only apiservers: the worker carrying etcd is no backend.
        Assert.DoesNotContain("10.0.1.21", cfg.Content, StringComparison.Ordinal);
        Assert.Contains("http-check send meth GET uri /healthz", cfg.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApiEndpointMode.FirstControlPlane, null)]
    [InlineData(ApiEndpointMode.LocalProxy, null)]
    [InlineData(ApiEndpointMode.KeepalivedVip, null)]
    public async Task No_load_balancer_config_when_the_spec_names_none(ApiEndpointMode mode, string? host)
    {
        var spec = Shape(mode, host);
        if (mode == ApiEndpointMode.KeepalivedVip) spec = spec with { ApiEndpoint = spec.ApiEndpoint with { VirtualIp = "10.0.1.100" } };
        Assert.False((await RenderAsync(spec)).OperatorFiles.ContainsKey("api-load-balancer.haproxy.cfg"));
    }

    [RequiresFact("haproxy")]
    public async Task Haproxy_accepts_the_rendered_load_balancer_config()
    {
        var path = _dir.Combine("haproxy.cfg");
        await File.WriteAllTextAsync(path, (await RenderAsync(Shape())).OperatorFiles["api-load-balancer.haproxy.cfg"].Content);
        var r = await ProcessRunner.RunAsync("haproxy", ["-c", "-f", path]);
        Assert.True(r.ExitCode == 0, $"haproxy -c: {r.StdOut}{r.StdErr}");
        Assert.Contains("Configuration file is valid", r.StdOut + r.StdErr, StringComparison.Ordinal);
    }
}
