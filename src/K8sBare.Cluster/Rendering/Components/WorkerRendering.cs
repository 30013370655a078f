using System.Net;
using K8sBare.Cluster.Artifacts;
using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering;

/// <summary>containerd + CNI, the pod network (flanneld, or a bridge and routes), kubelet and kube-proxy on workers (components.md §2, §3, §6–§8).</summary>
internal static class WorkerRendering
{
    private static readonly string[] FlannelCniBinaries = ["bridge", "host-local", "loopback", "portmap", "flannel"];
    private static readonly string[] BridgeCniBinaries = ["bridge", "host-local", "loopback", "portmap"];

    public static void Add(RenderContext ctx, HostArtifactsBuilder host)
    {
        var node = host.Node;
        if (!ComponentPlacement.Runs(ctx.Spec, node, ClusterComponent.Kubelet)) return;
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
            SandboxImage = spec.ContainerRuntime.SandboxImage,
            RestrictOomScoreAdj = spec.ContainerRuntime.RestrictOomScoreAdj,
            BinaryPath = RenderContext.BinaryPath("containerd"),
        };
        ctx.AddComponent(host, ClusterComponents.Containerd, containerd);

        PodRoutes? routes = null;
        if (spec.PodNetwork == PodNetworkMode.StaticRoutes)
        {
            var ranges = NodePodRanges(spec);
            var bridge = new BridgeCniConfig { Subnet = ranges[node.Name] };
            foreach (var f in bridge.Render()) host.AddFile(RenderContext.ToArtifact(f, ClusterComponent.Cni, ArtifactKind.Config));
            ctx.AddBinaries(host, ClusterComponent.Cni, BridgeCniBinaries);
            routes = new PodRoutes
            {
                PodNetwork = spec.Network.PodCidr,
                Routes = spec.WorkerNodes.Where(w => w.Name != node.Name).Select(w => (ranges[w.Name], w.Address)).ToList(),
            };
            host.AddFile(RenderContext.ToArtifact(routes.Render(), ClusterComponent.Cni, ArtifactKind.Config));
        }
        else
        {
            var cni = new CniConfig { ContainerdReleases = [release] };
            foreach (var f in cni.Render()) host.AddFile(RenderContext.ToArtifact(f, ClusterComponent.Cni, ArtifactKind.Config));
            ctx.AddBinaries(host, ClusterComponent.Cni, FlannelCniBinaries);
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
        }

        var resolvConf = ResolvConf(ctx, host);
        host.Provided(resolvConf);
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
                ResolvConf = resolvConf,
                TlsCertFile = Pki.Catalog.PkiLayout.ForNode(l.KubeletCertificate, node.Name),
                TlsPrivateKeyFile = Pki.Catalog.PkiLayout.ForNode(l.KubeletKey, node.Name),
            },
            Kubeconfig = Pki.Catalog.PkiLayout.ForNode(l.KubeletKubeconfig, node.Name),
            HostnameOverride = node.Name,
            NodeIp = node.Address,
            NodeLabels = new SortedDictionary<string, string>(node.Labels.ToDictionary(), StringComparer.Ordinal),
            PreStart = routes is null ? [] : [routes.PreStart],
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
            ConntrackMaxPerCore = spec.KubeProxy.ConntrackMaxPerCore,
            BinaryPath = RenderContext.BinaryPath("kube-proxy"),
            ExtraArgs = spec.ExtraArgsFor("kube-proxy"),
        };
        ctx.AddComponent(host, ClusterComponents.KubeProxy, proxy);
    }

    /// <summary>
    /// The kubelet's resolvConf: the spec's declaration, else the host's fact (systemd-resolved or not), else — an
    /// offline render — <c>/etc/resolv.conf</c>, recorded as an assumption (PLAN.md and a warning).
    /// </summary>
    private static string ResolvConf(RenderContext ctx, HostArtifactsBuilder host)
    {
        if (host.Node.ResolvConf is { } declared) return declared;
        if (ctx.Options.FactsFor(host.Node.Name).SystemdResolvedActive is { } resolved)
            return resolved ? "/run/systemd/resolve/resolv.conf" : "/etc/resolv.conf";
        host.Assume(new AssumedHostFact(host.Node.Name, "whether systemd-resolved runs (the kubelet's resolvConf)",
            "no systemd-resolved: pods get /etc/resolv.conf (on a systemd-resolved host that is the 127.0.0.53 stub, which does not answer inside pods)",
            $"nodes[{ctx.Spec.Nodes.ToList().IndexOf(host.Node)}].resolvConf (NodeBuilder.WithResolvConf)"));
        return "/etc/resolv.conf";
    }

    /// <summary>
    /// The workers' pod ranges for <see cref="PodNetworkMode.StaticRoutes"/>: the i-th worker in spec order gets the
    /// i-th /<see cref="ClusterNetwork.NodeSubnetLength"/> subnet of the pod CIDR (validation checks that they fit).
    /// </summary>
    public static IReadOnlyDictionary<string, string> NodePodRanges(ClusterSpec spec)
    {
        var net = IPNetwork.Parse(spec.Network.PodCidr);
        var bytes = net.BaseAddress.GetAddressBytes();
        var bits = bytes.Length * 8;
        var size = System.Numerics.BigInteger.One << (bits - spec.Network.NodeSubnetLength);
        var start = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var ranges = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var w in spec.WorkerNodes)
        {
            var addr = (start + size * index++).ToByteArray(isUnsigned: true, isBigEndian: true);
            var padded = new byte[bytes.Length];
            Array.Copy(addr, 0, padded, padded.Length - addr.Length, addr.Length);
            ranges[w.Name] = $"{new IPAddress(padded)}/{spec.Network.NodeSubnetLength}";
        }

        return ranges;
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
