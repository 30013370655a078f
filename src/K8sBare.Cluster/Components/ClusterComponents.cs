namespace K8sBare.Cluster;

/// <summary>
/// The descriptors of every host service K8sBare runs (the one home for binaries, ports, phase, start
/// order and restart triggers per service). Ports are upstream defaults (components.md).
/// </summary>
public static class ClusterComponents
{
    /// <summary>etcd: client 2379, peer 2380.</summary>
    public static ComponentDescriptor Etcd { get; } = new()
    {
        Component = ClusterComponent.Etcd, Service = "etcd", Binaries = ["etcd"], Phase = ApplyPhase.Etcd, StartOrder = 10,
        Ports = [new("client", 2379), new("peer", 2380)],
    };

    /// <summary>kube-apiserver (its port comes from the spec's API endpoint; 6443 by default).</summary>
    public static ComponentDescriptor KubeApiserver { get; } = new()
    {
        Component = ClusterComponent.KubeApiserver, Service = "kube-apiserver", Binaries = ["kube-apiserver"], Phase = ApplyPhase.ControlPlane, StartOrder = 20,
        Ports = [new("https", 6443)],
    };

    /// <summary>kube-controller-manager (secure port 10257).</summary>
    public static ComponentDescriptor KubeControllerManager { get; } = new()
    {
        Component = ClusterComponent.KubeControllerManager, Service = "kube-controller-manager", Binaries = ["kube-controller-manager"], Phase = ApplyPhase.ControlPlane, StartOrder = 21,
        Ports = [new("https", 10257)],
    };

    /// <summary>kube-scheduler (secure port 10259).</summary>
    public static ComponentDescriptor KubeScheduler { get; } = new()
    {
        Component = ClusterComponent.KubeScheduler, Service = "kube-scheduler", Binaries = ["kube-scheduler"], Phase = ApplyPhase.ControlPlane, StartOrder = 22,
        Ports = [new("https", 10259)],
    };

    /// <summary>keepalived holding the API virtual IP on control-plane nodes.</summary>
    public static ComponentDescriptor Keepalived { get; } = new()
    {
        Component = ClusterComponent.ApiEndpoint, Service = "keepalived", Binaries = ["keepalived"], Phase = ApplyPhase.ControlPlane, StartOrder = 23,
        // The health-check script calls curl: a host package this endpoint mode needs beside keepalived.
        ProvidedPaths = ["/usr/bin/curl"],
    };

    /// <summary>The nginx stream proxy to the API servers on non-control-plane nodes (its port comes from the spec).</summary>
    public static ComponentDescriptor ApiProxy { get; } = new()
    {
        Component = ClusterComponent.ApiEndpoint, Service = "nginx", Binaries = ["nginx"], Phase = ApplyPhase.Workers, StartOrder = 29,
        // nginx writes its pid file and error log; Debian's nginx packages install the log folder and the stream module.
        ProvidedPaths = ["/run/nginx.pid", "/var/log/nginx", "/usr/lib/nginx/modules"],
    };

    /// <summary>containerd with runc.</summary>
    public static ComponentDescriptor Containerd { get; } = new()
    {
        Component = ClusterComponent.Containerd, Service = "containerd", Binaries = ["containerd", "containerd-shim-runc-v2", "runc"], Phase = ApplyPhase.Workers, StartOrder = 30,
        // Its state (with the socket) and root folders, created at start; the registry hosts folder is read only when present.
        ProvidedPaths = ["/run/containerd", "/var/lib/containerd", "/etc/containerd/certs.d"],
    };

    /// <summary>flanneld (vxlan on udp 8472).</summary>
    public static ComponentDescriptor Flanneld { get; } = new()
    {
        Component = ClusterComponent.Flannel, Service = "flanneld", Binaries = ["flanneld"], Phase = ApplyPhase.Workers, StartOrder = 31,
        Ports = [new("vxlan", 8472, "udp")],
        // flanneld writes subnet.env there once it holds a lease.
        ProvidedPaths = ["/run/flannel"],
    };

    /// <summary>kubelet (port 10250).</summary>
    public static ComponentDescriptor Kubelet { get; } = new()
    {
        Component = ClusterComponent.Kubelet, Service = "kubelet", Binaries = ["kubelet"], Phase = ApplyPhase.Workers, StartOrder = 40,
        Ports = [new("https", 10250)],
    };

    /// <summary>kube-proxy (health 10256).</summary>
    public static ComponentDescriptor KubeProxy { get; } = new()
    {
        Component = ClusterComponent.KubeProxy, Service = "kube-proxy", Binaries = ["kube-proxy"], Phase = ApplyPhase.Workers, StartOrder = 41,
        Ports = [new("healthz", 10256)],
    };

    /// <summary>CoreDNS as a host service (port 53).</summary>
    public static ComponentDescriptor CoreDns { get; } = new()
    {
        Component = ClusterComponent.CoreDns, Service = "coredns", Binaries = ["coredns"], Phase = ApplyPhase.Workers, StartOrder = 42,
        Ports = [new("dns", 53, "udp"), new("dns-tcp", 53)],
    };

    /// <summary>Every descriptor, in start order.</summary>
    public static IReadOnlyList<ComponentDescriptor> All { get; } =
        [Etcd, KubeApiserver, KubeControllerManager, KubeScheduler, Keepalived, ApiProxy, Containerd, Flanneld, Kubelet, KubeProxy, CoreDns];

    /// <summary>The descriptor of the service named <paramref name="service"/>, or null.</summary>
    /// <param name="service">A service name.</param>
    public static ComponentDescriptor? ForService(string service) => All.FirstOrDefault(d => d.Service == service);
}
