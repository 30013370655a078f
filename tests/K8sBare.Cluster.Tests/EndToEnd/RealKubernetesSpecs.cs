using K8sBare.Testing;
using K8sBare.Testing.Kubernetes;
using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// The $20 cluster with real Kubernetes 1.20.2 binaries (built from Debian's source by scripts/build-kubernetes.sh)
/// on Debian 13 test-bed hosts (etcd 3.5.16, containerd 1.7.24, runc 1.1.15 from the hosts), the daemon-less pod
/// network (the test bed's hosts share one bridge: one L2 segment), images preloaded from tarballs (no registry),
/// and the switches the test bed's containers need (documented in the test bed's README).
/// </summary>
internal static class RealKubernetesSpecs
{
    public static ClusterSpec Twenty(Testbed tb, string kubeFolder, string pauseArchive, string busyboxArchive, string containerdVersion) =>
        Builder("twenty", tb, kubeFolder, pauseArchive, busyboxArchive, containerdVersion)
            .AddControlPlane("master", tb["master"].Address)
            .AddWorker("node-1", tb["node-1"].Address)
            .AddWorker("node-2", tb["node-2"].Address, n => n.UseOpenRc())
            .Build();

    /// <summary>The same cluster with the control plane "master" and the workers named (systemd hosts), for day-2 operations.</summary>
    public static ClusterSpec Workers(Testbed tb, string kubeFolder, string pauseArchive, string busyboxArchive, string containerdVersion, params string[] workers)
    {
        var b = Builder("workers", tb, kubeFolder, pauseArchive, busyboxArchive, containerdVersion).AddControlPlane("master", tb["master"].Address);
        foreach (var w in workers) b.AddWorker(w, tb[w].Address);
        return b.Build();
    }

    /// <summary>
    /// The same cluster as <see cref="Workers"/> on the Bookworm test-bed suite: the hosts' own etcd 3.4 and containerd
    /// 1.6 (their versions read from the hosts), the state an upgrade starts from.
    /// </summary>
    public static ClusterSpec BookwormWorkers(Testbed tb, string kubeFolder, string pauseArchive, string busyboxArchive, string containerdVersion, string etcdVersion, params string[] workers)
    {
        var b = Builder("bookworm", tb, kubeFolder, pauseArchive, busyboxArchive, containerdVersion, etcdVersion).AddControlPlane("master", tb["master"].Address);
        foreach (var w in workers) b.AddWorker(w, tb[w].Address);
        return b.Build();
    }

    /// <summary>
    /// The HA topology: cp-1..cp-3 (each a control plane with etcd) behind a keepalived virtual IP on the test bed's
    /// bridge (<paramref name="virtualIp"/>, a free address of its /24), worker w-1; keepalived is the hosts' own.
    /// </summary>
    public static ClusterSpec Ha(Testbed tb, string virtualIp, string kubeFolder, string pauseArchive, string busyboxArchive, string containerdVersion) =>
        Builder("ha", tb, kubeFolder, pauseArchive, busyboxArchive, containerdVersion)
            .AddControlPlane("cp-1", tb["cp-1"].Address)
            .AddControlPlane("cp-2", tb["cp-2"].Address)
            .AddControlPlane("cp-3", tb["cp-3"].Address)
            .AddWorker("w-1", tb["w-1"].Address)
            .WithApiEndpoint(new ApiEndpoint { Mode = ApiEndpointMode.KeepalivedVip, VirtualIp = virtualIp, VirtualIpPrefixLength = 24, Interface = "eth0" })
            .WithBinary("keepalived", BinarySource.OnHostAt("/usr/sbin/keepalived"))
            .Build();

    /// <summary>
    /// A control plane without workers (no kubelet, so no images): "cp-1" (control plane with etcd) on
    /// <paramref name="controlPlaneHost"/>, etcd-only members "etcd-2", "etcd-3"... on <paramref name="etcdHosts"/>;
    /// Secrets encrypted at rest. <paramref name="containerdVersion"/> is declared though no worker runs it (the
    /// version pairing with Kubernetes is checked for the whole cluster).
    /// </summary>
    public static ClusterSpec ControlPlane(string name, Testbed tb, string kubeFolder, string containerdVersion, string controlPlaneHost, params string[] etcdHosts)
    {
        var b = Builder(name, tb, kubeFolder, null, null, containerdVersion).EncryptSecretsAtRest().AddControlPlane("cp-1", tb[controlPlaneHost].Address);
        for (var i = 0; i < etcdHosts.Length; i++) b.AddEtcd($"etcd-{i + 2}", tb[etcdHosts[i]].Address);
        return b.Build();
    }

    /// <summary>
    /// The HA write-up's shape (issue 12): control planes cp-1 and cp-2 with etcd, worker w-1 carrying the third etcd
    /// member, worker w-2; the nodes reach the apiservers through a local nginx proxy (the hosts' Debian nginx and its
    /// stream module), the operator through the external load balancer at <paramref name="loadBalancer"/> (a host
    /// outside the cluster that K8sBare does not manage).
    /// </summary>
    public static ClusterSpec WriteUp(Testbed tb, string loadBalancer, string kubeFolder, string pauseArchive, string busyboxArchive, string containerdVersion) =>
        Builder("writeup", tb, kubeFolder, pauseArchive, busyboxArchive, containerdVersion)
            .AddControlPlane("cp-1", tb["cp-1"].Address)
            .AddControlPlane("cp-2", tb["cp-2"].Address)
            .AddWorker("w-1", tb["w-1"].Address, n => n.WithRole(NodeRoles.Etcd))
            .AddWorker("w-2", tb["w-2"].Address)
            .WithApiEndpoint(new ApiEndpoint { Mode = ApiEndpointMode.LocalProxy, Host = loadBalancer })
            .WithBinary("nginx", BinarySource.OnHostAt("/usr/sbin/nginx"))
            .Build();

    private static ClusterBuilder Builder(string name, Testbed tb, string kubeFolder, string? pauseArchive, string? busyboxArchive, string containerdVersion, string etcdVersion = "3.5.16")
    {
        var b = ClusterBuilder.Create(name)
            .WithKubernetesVersion(KubernetesBinaries.Version)
            .WithVersions(v => v with { Etcd = etcdVersion, Containerd = containerdVersion })
            .WithSsh(new SshSettings { IdentityFile = tb.ClientIdentityFile, KnownHostsFile = tb.ClientKnownHostsFile, User = "root" })
            .UseStaticRoutes()
            .WithNetwork(n => n with { SharedLayer2 = true })
            // Debian has no CoreDNS binary.
            .UseCoreDns(CoreDnsPlacement.None)
            // Test-bed needs (README): runc cannot lower oom_score_adj without CAP_SYS_RESOURCE; kube-proxy in a
            // network namespace other than the initial one cannot write nf_conntrack_max.
            .WithContainerRuntime(r => r with { SandboxImage = ContainerImages.PauseImage, RestrictOomScoreAdj = true })
            .WithKubeProxy(k => k with { ConntrackMaxPerCore = 0 })
            .WithBinary("etcd", BinarySource.OnHostAt("/usr/bin/etcd"))
            .WithHostRuntimeBinaries();
        if (pauseArchive is not null) b.PreloadImages(pauseArchive, ContainerImages.PauseImage);
        if (busyboxArchive is not null) b.PreloadImages(busyboxArchive, ContainerImages.BusyboxImage);
        foreach (var binary in KubernetesBinaries.Names)
            b.WithBinary(binary, BinarySource.FromFile(KubernetesBinaries.Binary(kubeFolder, binary)));
        return b;
    }
}
