namespace K8sBare.Units.Flags;

/// <summary>
/// The table of flags upstream deprecated but still accepts, per component and version (components.md §1.3).
/// A deprecated flag still works, so callers warn rather than refuse; once a flag is removed it moves to
/// <see cref="RemovedFlags"/>, which wins.
/// </summary>
public static class DeprecatedFlags
{
    private const string KubeletConfigFile = "set the matching field in KubeletConfiguration (the kubelet --config file) instead";

    /// <summary>Every known deprecated flag.</summary>
    public static IReadOnlyList<DeprecatedFlag> All { get; } =
    [
        // kubelet: flags with a KubeletConfiguration field print "DEPRECATED: This parameter should be set via the
        // config file specified by the Kubelet's --config flag" (kubelet --help; k/website kubelet.md).
        .. new[]
        {
            "address", "anonymous-auth", "authentication-token-webhook", "authentication-token-webhook-cache-ttl",
            "authorization-mode", "authorization-webhook-cache-authorized-ttl", "authorization-webhook-cache-unauthorized-ttl",
            "cgroup-driver", "cgroup-root", "cgroups-per-qos", "client-ca-file", "cluster-dns", "cluster-domain",
            "container-log-max-files", "container-log-max-size", "cpu-cfs-quota", "cpu-cfs-quota-period", "cpu-manager-policy",
            "enforce-node-allocatable", "event-burst", "event-qps", "eviction-hard", "eviction-soft", "eviction-soft-grace-period",
            "fail-swap-on", "feature-gates", "file-check-frequency", "hairpin-mode", "healthz-bind-address", "healthz-port",
            "http-check-frequency", "image-gc-high-threshold", "image-gc-low-threshold", "kube-api-burst", "kube-api-qps",
            "kube-reserved", "kubelet-cgroups", "max-pods", "node-status-update-frequency", "oom-score-adj", "pod-cidr",
            "pod-max-pids", "pods-per-core", "port", "protect-kernel-defaults", "read-only-port", "register-with-taints",
            "registry-burst", "registry-qps", "resolv-conf", "rotate-certificates", "runtime-request-timeout",
            "serialize-image-pulls", "static-pod-path", "streaming-connection-idle-timeout", "sync-frequency",
            "system-reserved", "tls-cert-file", "tls-cipher-suites", "tls-min-version", "tls-private-key-file",
            "topology-manager-policy", "volume-stats-agg-period",
        }.Select(f => new DeprecatedFlag(ComponentKind.Kubelet, f, new Version(1, 10), KubeletConfigFile, "kubelet --help; k/website command-line-tools-reference/kubelet.md")),
        new(ComponentKind.Kubelet, "container-runtime-endpoint", new Version(1, 27), "set containerRuntimeEndpoint in KubeletConfiguration", "k/k PR #112136"),
        new(ComponentKind.Kubelet, "pod-infra-container-image", new Version(1, 27), "set the sandbox (pause) image in containerd's CRI config; the kubelet only keeps it from image GC", "k/k PR #114017; kubelet --help \"will be removed in 1.35\""),
        new(ComponentKind.KubeApiServer, "master-service-namespace", new Version(1, 26), "the flag has no effect; drop it", "k/k PR #112797; k/website blog 2022-10-18 Kubernetes 1.26 deprecations and removals"),
        new(ComponentKind.KubeApiServer, "apiserver-count", new Version(1, 24), "the lease endpoint reconciler (default since 1.11) needs no count; drop the flag", "k/k PR #108062"),
    ];

    /// <summary>The deprecation entry for <paramref name="flag"/> (with or without dashes) if it is deprecated at <paramref name="version"/>.</summary>
    /// <param name="component">The component.</param>
    /// <param name="flag">The flag, e.g. <c>--register-node</c>.</param>
    /// <param name="version">The component version (Kubernetes, etcd or flannel).</param>
    public static DeprecatedFlag? Find(ComponentKind component, string flag, Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var name = RemovedFlags.Normalize(flag);
        return All.FirstOrDefault(d => d.Component == component && version >= d.DeprecatedIn && string.Equals(d.Flag, name, StringComparison.Ordinal));
    }
}
