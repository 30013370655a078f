using K8sBare.Units;
using K8sBare.Units.Components;

namespace K8sBare.Benchmarks.Units;

/// <summary>The options of one node that is both controller and worker (every component K8sBare.Units renders).</summary>
public static class UnitsNode
{
    private static readonly IReadOnlyList<EtcdMember> Members =
    [
        new("controller-0", "https://10.0.0.11:2380"),
        new("controller-1", "https://10.0.0.12:2380"),
        new("controller-2", "https://10.0.0.13:2380"),
    ];

    /// <summary>Every service-bearing component of the node.</summary>
    public static IReadOnlyList<IComponentOptions> Components { get; } =
    [
        EtcdOptions.ForMember("controller-0", "10.0.0.11", Members, new EtcdTlsOptions()),
        new KubeApiServerOptions
        {
            AdvertiseAddress = "10.0.0.11",
            EtcdServers = ["https://10.0.0.11:2379", "https://10.0.0.12:2379", "https://10.0.0.13:2379"],
            ServiceAccountIssuer = "https://10.0.0.10:6443",
            ClusterCidr = "10.200.0.0/16",
        },
        new KubeControllerManagerOptions(),
        new KubeSchedulerOptions(),
        new KubeletOptions { HostnameOverride = "controller-0", NodeIp = "10.0.0.11" },
        new KubeProxyOptions(),
        new ContainerdOptions(),
        new FlannelOptions { EtcdEndpoints = ["https://10.0.0.11:2379"], PublicIp = "10.0.0.11" },
        new CoreDnsOptions(),
        new HaproxyOptions { Backends = [new("controller-0", "10.0.0.11"), new("controller-1", "10.0.0.12"), new("controller-2", "10.0.0.13")] },
        new KeepalivedOptions { VirtualIp = "10.0.0.10/24", Interface = "eth0", Primary = true },
    ];

    /// <summary>Renders every file of the node for <paramref name="init"/>; returns the file list.</summary>
    public static List<RenderedFile> RenderAll(InitSystem init)
    {
        var files = new List<RenderedFile>(40);
        foreach (var c in Components) files.AddRange(c.Render(init).Files);
        files.AddRange(new CniConfig().Render());
        files.AddRange(new HostPrepOptions().Render());
        files.Add(RbacManifests.ApiServerToKubelet());
        files.Add(RbacManifests.CoreDns());
        return files;
    }
}
