using K8sBare.Cluster.Artifacts;
using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering.Components;

/// <summary>containerd + CNI, flanneld, kubelet and kube-proxy on workers (components.md §2, §3, §6–§8).</summary>
internal static class WorkerRendering
{
    private static readonly string[] CniBinaries = ["bridge", "host-local", "loopback", "portmap", "flannel"];

    public static void Add(RenderContext ctx, HostArtifactsBuilder host)
    {
        var node = host.Node;
        if (!node.IsWorker) return;
        var l = ctx.Layout;
        var spec = ctx.Spec;
        var systemd = node.InitSystem == InitSystem.Systemd;

        var release = ctx.Containerd.Major >= 2
            ? (ctx.Containerd.Minor >= 1 ? ContainerdRelease.V2_1 : ContainerdRelease.V2_0)
            : ContainerdRelease.V1_7;
        var containerd = new ContainerdOptions
        {
            Release = release,
            // Without systemd there is no systemd cgroup manager: OpenRC hosts use cgroupfs on both sides.
            SystemdCgroup = systemd,
            BinaryPath = RenderContext.BinaryPath("containerd"),
        };
        ctx.AddComponent(host, ClusterComponents.Containerd, containerd);

        var cni = new CniConfig { ContainerdReleases = [release] };
        foreach (var f in cni.Render()) host.AddFile(RenderContext.ToArtifact(f, ClusterComponent.Cni, ArtifactKind.Config));
        ctx.AddBinaries(host, ClusterComponent.Cni, CniBinaries);

        var flannel = new FlannelOptions
        {
            EtcdEndpoints = ctx.EtcdClientUrls,
            EtcdPrefix = spec.Flannel.EtcdPrefix,
            EtcdCaFile = l.EtcdCaCertificateForClients,
            EtcdCertFile = l.FlannelEtcdClientCertificate,
            EtcdKeyFile = l.FlannelEtcdClientKey,
            Network = FlannelNetwork(spec),
            PublicIp = node.Address,
            // flanneld otherwise binds its VXLAN endpoint to the default-route interface, which on a VPS is the public one.
            Interfaces = [spec.Flannel.Interface ?? node.Address],
            IpMasq = spec.Flannel.IpMasquerade,
            NodeName = node.Name,
            BinaryPath = RenderContext.BinaryPath("flanneld"),
            ExtraArgs = spec.ExtraArgsFor("flanneld"),
        };
        ctx.AddComponent(host, ClusterComponents.Flanneld, flannel);

        var resolvedActive = ctx.Options.FactsFor(node.Name).SystemdResolvedActive ?? systemd;
        var kubelet = new KubeletOptions
        {
            Version = ctx.Kubernetes,
            Config = new KubeletConfiguration
            {
                ClientCaFile = l.ClusterCaCertificate,
                CgroupDriver = systemd ? "systemd" : "cgroupfs",
                ContainerRuntimeEndpoint = containerd.Endpoint,
                ClusterDomain = spec.Network.ClusterDomain,
                ClusterDns = [spec.Network.DnsServiceIp],
                ResolvConf = resolvedActive ? "/run/systemd/resolve/resolv.conf" : "/etc/resolv.conf",
                TlsCertFile = Pki.Catalog.PkiLayout.ForNode(l.KubeletCertificate, node.Name),
                TlsPrivateKeyFile = Pki.Catalog.PkiLayout.ForNode(l.KubeletKey, node.Name),
            },
            Kubeconfig = Pki.Catalog.PkiLayout.ForNode(l.KubeletKubeconfig, node.Name),
            HostnameOverride = node.Name,
            NodeIp = node.Address,
            NodeLabels = new SortedDictionary<string, string>(node.Labels.ToDictionary(), StringComparer.Ordinal),
            BinaryPath = RenderContext.BinaryPath("kubelet"),
            ExtraArgs = spec.ExtraArgsFor("kubelet"),
        };
        ctx.AddComponent(host, ClusterComponents.Kubelet, kubelet);

        var proxy = new KubeProxyOptions
        {
            Version = ctx.Kubernetes,
            Kubeconfig = l.KubeProxyKubeconfig,
            ClusterCidr = spec.Network.PodCidr,
            HostnameOverride = node.Name,
            BinaryPath = RenderContext.BinaryPath("kube-proxy"),
            ExtraArgs = spec.ExtraArgsFor("kube-proxy"),
        };
        ctx.AddComponent(host, ClusterComponents.KubeProxy, proxy);
    }

    /// <summary>flannel's network config (stored in etcd by the network phase).</summary>
    public static FlannelNetworkConfig FlannelNetwork(ClusterSpec spec) => new()
    {
        Network = spec.Network.PodCidr,
        SubnetLen = spec.Network.NodeSubnetLength,
        SubnetMin = spec.Flannel.SubnetMin,
        SubnetMax = spec.Flannel.SubnetMax,
        Backend = new Units.Components.FlannelBackend
        {
            Type = spec.Flannel.Backend switch
            {
                Cluster.FlannelBackend.HostGw => FlannelBackendType.HostGw,
                Cluster.FlannelBackend.WireGuard => FlannelBackendType.Wireguard,
                _ => FlannelBackendType.Vxlan,
            },
            Vni = spec.Flannel.Vni,
            Port = spec.Flannel.Port,
        },
    };
}
