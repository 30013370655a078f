namespace K8sBare.Units;

/// <summary>
/// The one table of what differs between the Kubernetes versions K8sBare renders for (1.20–1.34). Every options
/// record that renders something version-dependent asks this table; nothing else compares versions for rendering.
/// (Flags that upstream removed are a separate table: <see cref="Flags.RemovedFlags"/>.)
/// </summary>
public static class KubernetesVersionRules
{
    /// <summary>KubeSchedulerConfiguration <c>v1beta2</c> from 1.22 (<c>v1beta1</c> before; removed in 1.23).</summary>
    public static KubernetesVersionRule SchedulerConfigV1Beta2 { get; } = new("scheduler-config-v1beta2", new(1, 22),
        "kubescheduler.config.k8s.io/v1beta1", "kubescheduler.config.k8s.io/v1beta2", "CHANGELOG-1.22");

    /// <summary>KubeSchedulerConfiguration <c>v1</c> from 1.25 (a 1.20 scheduler exits on v1).</summary>
    public static KubernetesVersionRule SchedulerConfigV1 { get; } = new("scheduler-config-v1", new(1, 25),
        "kubescheduler.config.k8s.io/v1beta2", "kubescheduler.config.k8s.io/v1", "CHANGELOG-1.25");

    /// <summary>
    /// The kubelet's default runtime is remote from 1.24 (dockershim removed); before, <c>--container-runtime=remote</c>
    /// is required or the kubelet looks for Docker and exits.
    /// </summary>
    public static KubernetesVersionRule KubeletRemoteRuntimeDefault { get; } = new("kubelet-remote-runtime-default", new(1, 24),
        "--container-runtime=remote on the command line", "no --container-runtime flag", "CHANGELOG-1.24 (dockershim removed)");

    /// <summary>
    /// <c>containerRuntimeEndpoint</c> in KubeletConfiguration from 1.27; before, the endpoint is the
    /// <c>--container-runtime-endpoint</c> flag (older kubelets ignore the field and fall back to Docker's socket).
    /// </summary>
    public static KubernetesVersionRule KubeletRuntimeEndpointInConfig { get; } = new("kubelet-runtime-endpoint-in-config", new(1, 27),
        "--container-runtime-endpoint flag", "KubeletConfiguration.containerRuntimeEndpoint", "CHANGELOG-1.27");

    /// <summary>
    /// The kubelet speaks CRI <c>runtime.v1</c> from 1.23 (1.20–1.22: <c>v1alpha2</c> only, which containerd 2.x no
    /// longer serves: such kubelets need containerd 1.6/1.7).
    /// </summary>
    public static KubernetesVersionRule KubeletCriV1 { get; } = new("kubelet-cri-v1", new(1, 23),
        "CRI runtime.v1alpha2 only (containerd 1.6/1.7)", "CRI runtime.v1 (containerd 1.7/2.x)", "CHANGELOG-1.23");

    /// <summary>
    /// The insecure HTTP ports of kube-controller-manager (10252) and kube-scheduler (10251) are gone from 1.24;
    /// before, they are open unless <c>--port=0</c> — which a scheduler started with <c>--config</c> ignores (the file's
    /// healthz/metrics addresses win and may not name port 0), so such schedulers run from flags.
    /// </summary>
    public static KubernetesVersionRule InsecurePortsRemoved { get; } = new("insecure-ports-removed", new(1, 24),
        "--port=0 closes the insecure port (the scheduler runs from flags, not --config)", "no insecure port (the --port flag is gone); the scheduler runs from --config", "CHANGELOG-1.24");

    /// <summary>The Eviction API is <c>policy/v1</c> from 1.22 (<c>policy/v1beta1</c> before).</summary>
    public static KubernetesVersionRule EvictionPolicyV1 { get; } = new("eviction-policy-v1", new(1, 22),
        "policy/v1beta1", "policy/v1", "CHANGELOG-1.22");

    /// <summary>ServiceAccount token Secrets are no longer created automatically from 1.24.</summary>
    public static KubernetesVersionRule NoAutoServiceAccountTokenSecrets { get; } = new("no-auto-sa-token-secrets", new(1, 24),
        "a token Secret per ServiceAccount, created automatically", "no token Secrets (TokenRequest API only)", "KEP-2799 (LegacyServiceAccountTokenNoAutoGeneration)");

    /// <summary>kube-proxy's nftables mode is beta (on by default) from 1.31; alpha behind <c>NFTablesProxyMode</c> before.</summary>
    public static KubernetesVersionRule NftablesProxyBeta { get; } = new("nftables-proxy-beta", new(1, 31),
        "nftables mode needs the NFTablesProxyMode gate", "nftables mode needs no gate", "KEP-3866");

    /// <summary>kube-proxy's nftables mode is GA from 1.33 (the <c>NFTablesProxyMode</c> gate is locked on).</summary>
    public static KubernetesVersionRule NftablesProxyGa { get; } = new("nftables-proxy-ga", new(1, 33),
        "NFTablesProxyMode may be set", "NFTablesProxyMode is locked on (setting it false is an error)", "KEP-3866");

    /// <summary>Versions still maintained upstream from 1.30 (older ones are end of life: supported for existing clusters, with a warning).</summary>
    public static KubernetesVersionRule Maintained { get; } = new("maintained-upstream", new(1, 30),
        "end of life upstream (no security fixes)", "maintained upstream", "kubernetes.io/releases");

    /// <summary>Every rule, oldest boundary first.</summary>
    public static IReadOnlyList<KubernetesVersionRule> All { get; } =
    [
        SchedulerConfigV1Beta2, EvictionPolicyV1, KubeletCriV1, KubeletRemoteRuntimeDefault, InsecurePortsRemoved,
        NoAutoServiceAccountTokenSecrets, SchedulerConfigV1, KubeletRuntimeEndpointInConfig, Maintained,
        NftablesProxyBeta, NftablesProxyGa,
    ];

    /// <summary>The KubeSchedulerConfiguration apiVersion a kube-scheduler of <paramref name="version"/> accepts.</summary>
    /// <param name="version">The Kubernetes minor version.</param>
    public static string SchedulerConfigApiVersion(KubernetesVersion version) =>
        SchedulerConfigV1.AppliesTo(version) ? SchedulerConfigV1.After
        : SchedulerConfigV1Beta2.AppliesTo(version) ? SchedulerConfigV1Beta2.After
        : SchedulerConfigV1Beta2.Before;

    /// <summary>The group/version of the Eviction subresource an apiserver of <paramref name="version"/> serves.</summary>
    /// <param name="version">The Kubernetes minor version.</param>
    public static string EvictionApiVersion(KubernetesVersion version) =>
        EvictionPolicyV1.AppliesTo(version) ? EvictionPolicyV1.After : EvictionPolicyV1.Before;
}
