namespace K8sBare.Cluster.Validation;

/// <summary>Rules on the cluster as a whole: name, node counts per role, flannel and DNS settings.</summary>
internal static class ClusterRules
{
    public static void Check(ClusterSpec spec, ValidationOptions options, ProblemCollector p)
    {
        if (!NetworkMath.IsDnsLabel(spec.Name))
            p.Error(ProblemCodes.ClusterNameInvalid, "name", $"The cluster name '{spec.Name}' is not a DNS label.",
                "Use lowercase letters, digits and '-', at most 63 characters, e.g. 'kubernetes'.");

        if (spec.Nodes.Count == 0)
        {
            p.Error(ProblemCodes.NoNodes, "nodes", "The cluster has no nodes.", "Add at least one control-plane node (AddControlPlane) and one worker (AddWorker).");
            return;
        }

        if (!spec.ControlPlaneNodes.Any())
            p.Error(ProblemCodes.NoControlPlane, "nodes", "No node has the control-plane role.", "Give one node (three for HA) the control-plane role (AddControlPlane).");

        var etcd = spec.EtcdNodes.Count();
        if (etcd == 0)
            p.Error(ProblemCodes.NoEtcd, "nodes", "The etcd set is empty: no node has the etcd role.",
                "Give 1, 3 or 5 nodes the etcd role (AddControlPlane adds it by default, or AddEtcd).");
        else if (etcd % 2 == 0)
            p.Error(ProblemCodes.EtcdEven, "nodes", $"The etcd set has an even number of members ({etcd}); it tolerates no more failures than {etcd - 1} members and risks split votes.",
                $"Use an odd number of etcd members: {etcd - 1} or {etcd + 1}.");

        if (!spec.WorkerNodes.Any())
            p.Warning(ProblemCodes.NoWorkers, "nodes", "No node has the worker role; pods other than host services cannot run.", "Add a worker (AddWorker).");

        if (spec.Dns.Placement == CoreDnsPlacement.HostServiceOnWorkers && !spec.WorkerNodes.Any())
            p.Error(ProblemCodes.DnsPlacementEmpty, "dns.placement", "CoreDNS is placed on workers but there are no workers.",
                "Add a worker, or set dns.placement to control-plane or none.");
        if (!Enum.IsDefined(spec.Dns.Placement))
            p.Error(ProblemCodes.UnknownValue, "dns.placement", $"Unknown CoreDNS placement {(int)spec.Dns.Placement}.", "Use workers, control-plane or none.");

        CheckFlannel(spec, p);
        if (!Enum.IsDefined(spec.PodNetwork))
            p.Error(ProblemCodes.UnknownValue, "podNetwork", $"Unknown pod network {(int)spec.PodNetwork}.", "Use flannel or static-routes.");
        if (spec.PodNetwork == PodNetworkMode.StaticRoutes && !spec.Network.SharedLayer2)
            p.Warning(ProblemCodes.StaticRoutesWithoutL2, "podNetwork",
                "static-routes sends pod traffic straight to the other node's address, with no overlay; without one shared L2 segment (or a router that knows the pod ranges) the packets are dropped.",
                "Set network.sharedLayer2 = true if all nodes really share one L2 network, or use flannel vxlan.");
        CheckContainerRuntime(spec, options, p);

        if (string.IsNullOrWhiteSpace(spec.Dns.Upstream))
            p.Error(ProblemCodes.DnsUpstreamEmpty, "dns.upstream", "The CoreDNS upstream is empty.", "Use '/etc/resolv.conf' or an upstream resolver IP.");
        else if (!spec.Dns.Upstream.StartsWith('/') && !NetworkMath.TryParseIp(spec.Dns.Upstream, out _)
                 && !(NetworkMath.TrySplitHostPort(spec.Dns.Upstream, out var h, out _) && NetworkMath.TryParseIp(h, out _)))
            p.Error(ProblemCodes.DnsUpstreamInvalid, "dns.upstream", $"The CoreDNS upstream '{spec.Dns.Upstream}' is neither a resolv.conf path nor an IP address; CoreDNS's forward plugin refuses it.",
                "Use '/etc/resolv.conf', an IP such as '9.9.9.9' or 'IP:port'.");
    }

    private static void CheckFlannel(ClusterSpec spec, ProblemCollector p)
    {
        var f = spec.Flannel;
        if (!Enum.IsDefined(f.Backend))
            p.Error(ProblemCodes.UnknownValue, "flannel.backend", $"Unknown flannel backend {(int)f.Backend}.", "Use vxlan, host-gw or wireguard.");
        if (f.Backend == FlannelBackend.HostGw && !spec.Network.SharedLayer2)
            p.Warning(ProblemCodes.HostGwWithoutL2, "flannel.backend",
                "host-gw routes pod traffic straight to the other node's address; on VPS providers without a real shared L2 segment the packets are dropped (see the $20 cluster write-up).",
                "Use vxlan (or wireguard), or set network.sharedLayer2 = true if all nodes really share one L2 network.");
        if (string.IsNullOrWhiteSpace(f.EtcdPrefix) || !f.EtcdPrefix.StartsWith('/') || f.EtcdPrefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            p.Error(ProblemCodes.EtcdPrefixInvalid, "flannel.etcdPrefix", $"The flannel etcd prefix '{f.EtcdPrefix}' must be an absolute key path without spaces.", "Use '/coreos.com/network'.");
        if (f.Interface is not null && !NetworkMath.IsInterfaceName(f.Interface) && !NetworkMath.TryParseIp(f.Interface, out _))
            p.Error(ProblemCodes.UnknownValue, "flannel.interface", $"'{f.Interface}' is neither a network interface name nor an IP address.", "Use e.g. 'eth1' or the node network address, or leave it unset (each node's address is used).");
        if (f.Vni is { } vni && (vni < 1 || vni > 16777215))
            p.Error(ProblemCodes.FlannelSettingInvalid, "flannel.vni", $"VXLAN VNI {vni} is out of range.", "Use 1–16777215 (flannel's default is 1).");
        if (f.Vni is not null && f.Backend != FlannelBackend.Vxlan)
            p.Error(ProblemCodes.FlannelSettingInvalid, "flannel.vni", "A VNI applies only to the vxlan backend.", "Remove flannel.vni or use the vxlan backend.");
        if (f.Port is { } port && (port < 1 || port > 65535))
            p.Error(ProblemCodes.PortInvalid, "flannel.port", $"flannel's VXLAN port {port} is out of range.", "Use 1–65535 (Linux default 8472).");
        if (f.Port is not null && f.Backend != FlannelBackend.Vxlan)
            p.Error(ProblemCodes.FlannelSettingInvalid, "flannel.port", "A VXLAN port applies only to the vxlan backend.", "Remove flannel.port or use the vxlan backend.");
        CheckSubnetBound(spec, f.SubnetMin, "flannel.subnetMin", p);
        CheckSubnetBound(spec, f.SubnetMax, "flannel.subnetMax", p);
        if (NetworkMath.TryParseIp(f.SubnetMin, out var min) && NetworkMath.TryParseIp(f.SubnetMax, out var max)
            && min.AddressFamily == max.AddressFamily && NetworkMath.Compare(min, max) > 0)
            p.Error(ProblemCodes.FlannelSettingInvalid, "flannel.subnetMin", $"flannel.subnetMin {f.SubnetMin} is above flannel.subnetMax {f.SubnetMax}.", "Swap them.");
    }

    private static void CheckSubnetBound(ClusterSpec spec, string? bound, string field, ProblemCollector p)
    {
        if (bound is null) return;
        if (!NetworkMath.TryParseIp(bound, out var ip))
        {
            p.Error(ProblemCodes.AddressInvalid, field, $"'{bound}' is not an IP address.", "Use the first address of a node subnet, e.g. 10.200.10.0.");
            return;
        }

        if (!NetworkMath.TryParseCidr(spec.Network.PodCidr, out var pod)) return;
        if (!pod.Contains(ip))
            p.Error(ProblemCodes.FlannelSettingInvalid, field, $"{bound} is outside the pod range {spec.Network.PodCidr}; flanneld refuses to start.", $"Use an address inside {spec.Network.PodCidr}.");
        else if (spec.Network.NodeSubnetLength is > 0 and <= 32 && pod.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                 && !NetworkMath.Mask(ip, spec.Network.NodeSubnetLength).Equals(ip))
            p.Error(ProblemCodes.FlannelSettingInvalid, field, $"{bound} is not the start of a /{spec.Network.NodeSubnetLength} node subnet; flanneld refuses it.",
                $"Use {NetworkMath.Mask(ip, spec.Network.NodeSubnetLength)}.");
    }

    private static void CheckContainerRuntime(ClusterSpec spec, ValidationOptions options, ProblemCollector p)
    {
        var rt = spec.ContainerRuntime;
        if (rt is null)
        {
            p.Error(ProblemCodes.Missing, "containerRuntime", "containerRuntime is null.", "Leave it unset for the defaults, or set it.");
            return;
        }

        if (string.IsNullOrWhiteSpace(rt.SandboxImage) || rt.SandboxImage.Any(char.IsWhiteSpace))
            p.Error(ProblemCodes.ImageReferenceInvalid, "containerRuntime.sandboxImage", $"'{rt.SandboxImage}' is not an image reference.", "Use e.g. registry.k8s.io/pause:3.10.");
        for (var i = 0; i < rt.PreloadImages.Count; i++)
        {
            var a = rt.PreloadImages[i];
            var at = $"containerRuntime.preloadImages[{i}]";
            if (string.IsNullOrWhiteSpace(a.LocalPath) || !Path.IsPathRooted(a.LocalPath))
                p.Error(ProblemCodes.PathNotAbsolute, $"{at}.localPath", $"'{a.LocalPath}' is not an absolute path on this machine.", "Give the tarball's absolute path.");
            else if (options.CheckLocalFiles && !File.Exists(a.LocalPath))
                p.Error(ProblemCodes.LocalFileMissing, $"{at}.localPath", $"The image archive {a.LocalPath} does not exist.", "Build or copy the tarball there (docker save, podman save, skopeo copy … docker-archive:).");
            if (a.Images.Count == 0 || a.Images.Any(n => string.IsNullOrWhiteSpace(n) || n.Any(char.IsWhiteSpace)))
                p.Error(ProblemCodes.ImageReferenceInvalid, $"{at}.images", "Each archive must name the image references it holds (they are checked after the import).", "List them, e.g. registry.k8s.io/pause:3.2.");
        }

        if (rt.PreloadImages.Count > 0 && !rt.PreloadImages.Any(a => a.Images.Contains(rt.SandboxImage, StringComparer.Ordinal)))
            p.Warning(ProblemCodes.SandboxImageNotPreloaded, "containerRuntime.sandboxImage",
                $"Images are preloaded but none of the archives holds the sandbox image {rt.SandboxImage} that containerd's config pins; without a registry every pod sandbox fails.",
                $"Preload an archive holding {rt.SandboxImage}, or set containerRuntime.sandboxImage to the pause image you preload ({string.Join(", ", rt.PreloadImages.SelectMany(a => a.Images))}).");
    }
}
