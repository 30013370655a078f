using K8sBare.Cluster;

namespace K8sBare.Cli.Topologies;

/// <summary>
/// The $20 cluster from the write-up: one master (etcd, kube-apiserver, kube-controller-manager,
/// kube-scheduler; no container runtime) and two workers (containerd, flannel vxlan with its config in
/// etcd, CoreDNS as a host service, kubelet, kube-proxy) — node-1 on systemd, node-2 on OpenRC.
/// </summary>
public static class TwentyDollarCluster
{
    /// <summary>The topology on private addresses 10.0.0.10–12 (change them for your VPSes).</summary>
    /// <param name="identityFile">The SSH key authorised on the three machines.</param>
    public static ClusterSpec Build(string identityFile = "~/.ssh/id_ed25519") =>
        ClusterBuilder.Create("twenty")
            .WithKubernetesVersion("1.32.3")
            .WithSsh(identityFile)
            .AddControlPlane("master", "10.0.0.10")
            .AddWorker("node-1", "10.0.0.11")
            .AddWorker("node-2", "10.0.0.12", n => n.UseOpenRc())
            .WithNetwork("10.200.0.0/16", "10.32.0.0/24", dnsServiceIp: "10.32.0.10")
            .UseFlannel(FlannelBackend.Vxlan)
            .UseCoreDns(CoreDnsPlacement.HostServiceOnWorkers)
            .WithApiEndpoint(ApiEndpointMode.FirstControlPlane)
            .Build();
}
