using K8sBare.Cluster;

namespace K8sBare.Cli.Topologies;

/// <summary>
/// The HA topology: three control-plane nodes each running an etcd member, three workers, and a local
/// nginx proxy on every worker that spreads API traffic over the three apiservers (no external load
/// balancer needed). Day-2 (replace a dead control-plane node) is a spec change: swap the node and apply.
/// </summary>
public static class HaCluster
{
    /// <summary>The topology on 10.0.1.0/24.</summary>
    /// <param name="identityFile">The SSH key authorised on every machine.</param>
    public static ClusterSpec Build(string identityFile = "~/.ssh/id_ed25519") =>
        ClusterBuilder.Create("ha")
            .WithKubernetesVersion("1.33.4")
            .WithVersions(v => v with { Etcd = "3.5.21" })
            .WithSsh(identityFile)
            .AddControlPlane("cp-1", "10.0.1.11")
            .AddControlPlane("cp-2", "10.0.1.12")
            .AddControlPlane("cp-3", "10.0.1.13")
            .AddWorker("worker-1", "10.0.1.21")
            .AddWorker("worker-2", "10.0.1.22")
            .AddWorker("worker-3", "10.0.1.23", n => n.UseOpenRc())
            .UseFlannel(FlannelBackend.Vxlan)
            .WithApiEndpoint(new ApiEndpoint { Mode = ApiEndpointMode.LocalProxy, Port = 6443, LocalProxyPort = 6443 })
            .Build();
}
