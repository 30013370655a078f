namespace K8sBare.Units.Flags;

/// <summary>
/// The table of flags that upstream removed, per component and version (components.md §1.3, §10.1).
/// Both typed options and user-supplied extra args are checked against it.
/// </summary>
public static class RemovedFlags
{
    private const string DockershimGone = "the container runtime owns CNI and images since dockershim was removed; configure CNI in containerd (cni conf_dir/bin_dir) and drop the flag";

    /// <summary>Every known removed flag.</summary>
    public static IReadOnlyList<RemovedFlag> All { get; } =
    [
        new(ComponentKind.Kubelet, "allow-privileged", new Version(1, 15), "privileged pods are allowed by the kubelet by default; restrict them with Pod Security admission instead", "CHANGELOG-1.15, k/k PR #77820"),
        new(ComponentKind.Kubelet, "network-plugin", new Version(1, 24), DockershimGone, "k/k PR #106907"),
        new(ComponentKind.Kubelet, "cni-bin-dir", new Version(1, 24), "set bin_dir/bin_dirs in containerd's CRI cni section", "k/k PR #106907"),
        new(ComponentKind.Kubelet, "cni-conf-dir", new Version(1, 24), "set conf_dir in containerd's CRI cni section", "k/k PR #106907"),
        new(ComponentKind.Kubelet, "cni-cache-dir", new Version(1, 24), DockershimGone, "k/k PR #106907"),
        new(ComponentKind.Kubelet, "network-plugin-mtu", new Version(1, 24), "set the MTU in the CNI config (flannel reads it from subnet.env)", "k/k PR #106907"),
        new(ComponentKind.Kubelet, "image-pull-progress-deadline", new Version(1, 24), "image pulls are done by containerd; set image_pull_progress_timeout in containerd's CRI config", "k/k PR #106907"),
        new(ComponentKind.Kubelet, "docker-endpoint", new Version(1, 24), "use containerRuntimeEndpoint in KubeletConfiguration", "k/k PR #106907"),
        new(ComponentKind.Kubelet, "experimental-dockershim-root-directory", new Version(1, 24), DockershimGone, "k/k PR #106907"),
        new(ComponentKind.Kubelet, "container-runtime", new Version(1, 27), "remote is the only runtime; set containerRuntimeEndpoint in KubeletConfiguration (KubeletConfiguration.ContainerRuntimeEndpoint)", "k/k PR #114017"),
        new(ComponentKind.KubeApiServer, "insecure-port", new Version(1, 24), "the insecure port is gone; use --secure-port with TLS (KubeApiServerOptions.SecurePort)", "k/k PR #95856"),
        new(ComponentKind.KubeApiServer, "insecure-bind-address", new Version(1, 24), "use --bind-address (KubeApiServerOptions.BindAddress)", "k/k PR #95856"),
        new(ComponentKind.KubeApiServer, "port", new Version(1, 24), "use --secure-port (KubeApiServerOptions.SecurePort)", "k/k PR #95856"),
        new(ComponentKind.KubeApiServer, "address", new Version(1, 24), "use --bind-address (KubeApiServerOptions.BindAddress)", "k/k PR #95856"),
        new(ComponentKind.KubeApiServer, "kubelet-https", new Version(1, 22), "the apiserver always uses HTTPS to kubelets; drop the flag", "k/k PR #101178"),
        new(ComponentKind.KubeControllerManager, "address", new Version(1, 24), "use --bind-address (the secure port is 10257)", "CHANGELOG-1.24"),
        new(ComponentKind.KubeControllerManager, "port", new Version(1, 24), "use --secure-port (default 10257)", "CHANGELOG-1.24"),
        new(ComponentKind.KubeScheduler, "address", new Version(1, 24), "use --bind-address (the secure port is 10259)", "CHANGELOG-1.24"),
        new(ComponentKind.KubeScheduler, "port", new Version(1, 24), "use --secure-port (default 10259)", "CHANGELOG-1.24"),
        new(ComponentKind.Etcd, "enable-v2", new Version(3, 6), "the v2 API is gone; flannel ≥ 0.18 speaks v3 only", "etcd CHANGELOG-3.6"),
        new(ComponentKind.Etcd, "experimental-enable-v2v3", new Version(3, 6), "the v2 API is gone", "etcd CHANGELOG-3.6"),
        new(ComponentKind.Etcd, "proxy", new Version(3, 6), "the v2 proxy is gone; use the gRPC proxy (etcd grpc-proxy) or a TCP load balancer", "etcd CHANGELOG-3.6"),
    ];

    /// <summary>The removal entry for <paramref name="flag"/> (with or without dashes) if it is removed at <paramref name="version"/>.</summary>
    /// <param name="component">The component.</param>
    /// <param name="flag">The flag, e.g. <c>--network-plugin</c> or <c>network-plugin=cni</c> (dashes and any <c>=value</c> are ignored).</param>
    /// <param name="version">The component version (Kubernetes, etcd or flannel).</param>
    /// <returns>The entry with its replacement and upstream source, or null when the flag is still accepted at <paramref name="version"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="flag"/> is null.</exception>
    public static RemovedFlag? Find(ComponentKind component, string flag, Version version)
    {
        var name = Normalize(flag);
        return All.FirstOrDefault(r => r.Component == component && version >= r.RemovedIn
            && (string.Equals(r.Flag, name, StringComparison.Ordinal)
                || (r.Component == ComponentKind.Etcd && r.Flag == "proxy" && name.StartsWith("proxy", StringComparison.Ordinal))));
    }

    /// <summary>Strips leading dashes and any <c>=value</c>.</summary>
    /// <param name="flag">A flag as written, e.g. <c>--v=2</c> or <c>v</c>.</param>
    /// <returns>The bare name, e.g. <c>v</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="flag"/> is null.</exception>
    public static string Normalize(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        var name = flag.TrimStart('-');
        var eq = name.IndexOf('=', StringComparison.Ordinal);
        return eq >= 0 ? name[..eq] : name;
    }
}
