namespace K8sBare.Units.Flags;

/// <summary>
/// The table of flags that upstream removed, per component and version (components.md §1.3, §10.1), each entry
/// with its upstream source: the removals between Kubernetes 1.15 and 1.34 (and etcd 3.6) found so far in the upstream
/// CHANGELOGs, pull requests and docs — the klog output flags of every component, dockershim's kubelet flags, the
/// insecure ports, the scheduler Policy API, … It is not proven exhaustive; a flag not in it is passed through unchanged. Both typed options and
/// user-supplied extra args (<c>ClusterSpec.ExtraArgs</c>) are checked against it; <see cref="DeprecatedFlags"/>
/// holds the flags that still work but warn.
/// </summary>
public static class RemovedFlags
{
    private const string DockershimGone = "the container runtime owns CNI and images since dockershim was removed; configure CNI in containerd (cni conf_dir/bin_dir) and drop the flag";

    private const string KlogGone = "Kubernetes components no longer take klog's output flags; they log to standard error (the journal, or the OpenRC log file K8sBare sets up); use -v / --vmodule for verbosity, or kube-log-runner to write a file";

    /// <summary>
    /// The klog flags KEP-2845 deprecated in 1.23 and k/k PR #112120 ("logs: remove deprecated klog flags") removed from every
    /// Kubernetes component in 1.26; <c>-v</c>, <c>--vmodule</c> and <c>--log-flush-frequency</c> stay.
    /// </summary>
    private static readonly string[] KlogFlags =
    [
        "add-dir-header", "alsologtostderr", "log-backtrace-at", "log-dir", "log-file", "log-file-max-size", "logtostderr",
        "one-output", "skip-headers", "skip-log-headers", "stderrthreshold",
    ];

    private static readonly ComponentKind[] KubernetesComponents =
        [ComponentKind.KubeApiServer, ComponentKind.KubeControllerManager, ComponentKind.KubeScheduler, ComponentKind.Kubelet, ComponentKind.KubeProxy];

    /// <summary>Every known removed flag.</summary>
    public static IReadOnlyList<RemovedFlag> All { get; } =
    [
        .. KubernetesComponents.SelectMany(c => KlogFlags.Select(f => new RemovedFlag(c, f, new Version(1, 26), KlogGone,
            "k/k PR #112120 (CHANGELOG-1.26); KEP-2845 deprecate-klog-specific-flags-in-k8s-components"))),
        .. new[] { "policy-config-file", "policy-configmap", "policy-configmap-namespace", "use-legacy-policy-config" }
            .Select(f => new RemovedFlag(ComponentKind.KubeScheduler, f, new Version(1, 23),
                "the scheduling Policy API is gone; use a KubeSchedulerConfiguration file (--config) with profiles and plugins",
                "k/website docs/reference/scheduling/policies.md (\"not supported since Kubernetes v1.23\")")),
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
        new(ComponentKind.KubeControllerManager, "experimental-cluster-signing-duration", new Version(1, 25), "use --cluster-signing-duration", "k/k PR #108476"),
        new(ComponentKind.KubeControllerManager, "deleting-pods-qps", new Version(1, 25), "the flag had no effect since 1.10; drop it", "k/k PR #109612"),
        new(ComponentKind.KubeControllerManager, "deleting-pods-burst", new Version(1, 25), "the flag had no effect since 1.10; drop it", "k/k PR #109612"),
        new(ComponentKind.KubeControllerManager, "register-retry-count", new Version(1, 25), "the flag had no effect since 1.10; drop it", "k/k PR #109612"),
        new(ComponentKind.KubeControllerManager, "enable-taint-manager", new Version(1, 27), "taint-based eviction is always on; drop the flag", "k/k PR #115840"),
        new(ComponentKind.KubeControllerManager, "pod-eviction-timeout", new Version(1, 27), "use the tolerationSeconds of the node.kubernetes.io/not-ready and unreachable taints", "k/k PR #115840"),
        new(ComponentKind.KubeScheduler, "address", new Version(1, 24), "use --bind-address (the secure port is 10259)", "CHANGELOG-1.24"),
        new(ComponentKind.KubeScheduler, "port", new Version(1, 24), "use --secure-port (default 10259)", "CHANGELOG-1.24"),
        new(ComponentKind.Kubelet, "master-service-namespace", new Version(1, 27), "the kubelet injects service environment variables from the default namespace; drop the flag", "k/k PR #116015"),
        new(ComponentKind.KubeApiServer, "target-ram-mb", new Version(1, 24), "the flag was a no-op since 1.19; drop it", "k/k PR #108457"),
        new(ComponentKind.KubeApiServer, "service-account-api-audiences", new Version(1, 25), "use --api-audiences", "k/k PR #108624"),
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
