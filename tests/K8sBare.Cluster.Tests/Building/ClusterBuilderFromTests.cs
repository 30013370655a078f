using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Building;

/// <summary>
/// Day 2 starts from day 1's spec (<see cref="ClusterBuilder.From"/>). A setting it drops silently changes the cluster
/// on the next apply, and a node added without the day-1 SSH settings cannot be reached (found replaying issue 12's example).
/// </summary>
public sealed class ClusterBuilderFromTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Every cluster and node setting away from its default.</summary>
    private static ClusterSpec Day1() => ClusterBuilder.Create("grow")
        .WithSsh(new SshSettings { IdentityFile = "/keys/id_ed25519", KnownHostsFile = "/keys/known_hosts", User = "ops", Port = 2222 })
        .AddControlPlane("cp-1", "192.0.2.10", n => n.WithResolvConf("/run/custom/resolv.conf").WithLabel("zone", "a").WithHostName("cp-1.example"))
        .AddWorker("node-1", "192.0.2.11", n => n.UseOpenRc())
        .UseStaticRoutes()
        .WithContainerRuntime(r => r with { RestrictOomScoreAdj = true, SandboxImage = "example.org/pause:3.9" })
        .WithKubeProxy(p => p with { ConntrackMaxPerCore = 0 })
        .UseCoreDns(CoreDnsPlacement.None)
        .WithExtraArgs("kube-apiserver", "audit-log-maxage", "7")
        .EncryptSecretsAtRest()
        .Build();

    [Fact]
    public async Task From_keeps_every_setting_so_the_same_spec_renders_byte_identical()
    {
        var day1 = Day1();
        var again = ClusterBuilder.From(day1).Build();
        var a = await ClusterRenderer.RenderAsync(day1, _dir.Combine("pki"));
        var b = await ClusterRenderer.RenderAsync(again, _dir.Combine("pki"));
        Assert.Equal(a.Hosts.SelectMany(h => h.Files.Select(f => (h.Name, f.Path, f.Sha256))), b.Hosts.SelectMany(h => h.Files.Select(f => (h.Name, f.Path, f.Sha256))));
        Assert.Equal(day1.PodNetwork, again.PodNetwork);
        Assert.Equal(day1.ContainerRuntime, again.ContainerRuntime);
        Assert.Equal(day1.KubeProxy, again.KubeProxy);
        Assert.Equal(day1.Nodes.Select(n => (n.Name, n.Ssh, n.ResolvConf, n.HostName, n.InitSystem)), again.Nodes.Select(n => (n.Name, n.Ssh, n.ResolvConf, n.HostName, n.InitSystem)));
    }

    [Fact]
    public void Nodes_added_on_day_2_get_the_ssh_settings_every_day_1_node_shares()
    {
        var day1 = Day1();
        var day2 = ClusterBuilder.From(day1).AddControlPlane("cp-2", "192.0.2.12").Build();
        Assert.Equal(day1.Nodes[0].Ssh, day2.Nodes.Single(n => n.Name == "cp-2").Ssh);
        Assert.DoesNotContain(day2.Validate().Problems, p => p.Code == K8sBare.Cluster.Validation.ProblemCodes.SshKeyMissing);
    }
}
