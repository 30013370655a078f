namespace K8sBare.Cluster;

/// <summary>The catalogue of binaries per component and where they are installed.</summary>
public static class KnownBinaries
{
    /// <summary>Every known binary, in a stable order.</summary>
    public static IReadOnlyList<KnownBinary> All { get; } =
    [
        new("etcd", "/usr/local/bin/etcd", ClusterComponent.Etcd),
        new("kube-apiserver", "/usr/local/bin/kube-apiserver", ClusterComponent.KubeApiserver),
        new("kube-controller-manager", "/usr/local/bin/kube-controller-manager", ClusterComponent.KubeControllerManager),
        new("kube-scheduler", "/usr/local/bin/kube-scheduler", ClusterComponent.KubeScheduler),
        new("containerd", "/usr/local/bin/containerd", ClusterComponent.Containerd),
        new("containerd-shim-runc-v2", "/usr/local/bin/containerd-shim-runc-v2", ClusterComponent.Containerd),
        new("runc", "/usr/local/sbin/runc", ClusterComponent.Containerd),
        new("bridge", "/opt/cni/bin/bridge", ClusterComponent.Cni),
        new("host-local", "/opt/cni/bin/host-local", ClusterComponent.Cni),
        new("loopback", "/opt/cni/bin/loopback", ClusterComponent.Cni),
        new("portmap", "/opt/cni/bin/portmap", ClusterComponent.Cni),
        new("flannel", "/opt/cni/bin/flannel", ClusterComponent.Cni),
        new("flanneld", "/usr/local/bin/flanneld", ClusterComponent.Flannel),
        new("coredns", "/usr/local/bin/coredns", ClusterComponent.CoreDns),
        new("kubelet", "/usr/local/bin/kubelet", ClusterComponent.Kubelet),
        new("kube-proxy", "/usr/local/bin/kube-proxy", ClusterComponent.KubeProxy),
        new("nginx", "/usr/sbin/nginx", ClusterComponent.ApiEndpoint),
        new("keepalived", "/usr/sbin/keepalived", ClusterComponent.ApiEndpoint),
    ];

    /// <summary>The binary with this name, or null.</summary>
    /// <param name="name">The binary name.</param>
    public static KnownBinary? Find(string name) => All.FirstOrDefault(b => b.Name == name);

    /// <summary>The binaries of one component.</summary>
    /// <param name="component">The component.</param>
    public static IEnumerable<KnownBinary> Of(ClusterComponent component) => All.Where(b => b.Component == component);
}
