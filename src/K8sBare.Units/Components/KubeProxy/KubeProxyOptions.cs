using K8sBare.Units.Flags;
using K8sBare.Units.Formats;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>kube-proxy options: <c>--config</c> pointing at a <c>kubeproxy.config.k8s.io/v1alpha1</c> KubeProxyConfiguration (components.md §3).</summary>
public sealed record KubeProxyOptions : IComponentOptions
{
    /// <summary>The feature gate that enables nftables mode before it was beta (1.31).</summary>
    public const string NftablesFeatureGate = "NFTablesProxyMode";

    /// <summary>The Kubernetes minor version (1.20–1.34; differences in <see cref="KubernetesVersionRules"/>).</summary>
    public KubernetesVersion Version { get; init; } = KubernetesVersion.Default;

    /// <summary><c>--config</c>.</summary>
    public string ConfigPath { get; init; } = "/var/lib/kube-proxy/kube-proxy-config.yaml";

    /// <summary><c>clientConnection.kubeconfig</c>.</summary>
    public string Kubeconfig { get; init; } = "/var/lib/kube-proxy/kubeconfig";

    /// <summary><c>mode</c>.</summary>
    public ProxyMode Mode { get; init; } = ProxyMode.Iptables;

    /// <summary><c>clusterCIDR</c>: the pod network.</summary>
    public string ClusterCidr { get; init; } = "10.200.0.0/16";

    /// <summary><c>featureGates</c>.</summary>
    public IReadOnlyDictionary<string, bool> FeatureGates { get; init; } = new SortedDictionary<string, bool>(StringComparer.Ordinal);

    /// <summary>
    /// <c>conntrack.maxPerCore</c> (null: kube-proxy's default, 32768, which it writes to <c>nf_conntrack_max</c>).
    /// 0 leaves the host's conntrack limits alone: needed where kube-proxy cannot write them, e.g. in a network
    /// namespace other than the initial one (containers used as nodes, as kind does).
    /// </summary>
    public int? ConntrackMaxPerCore { get; init; }

    /// <summary><c>--hostname-override</c> (null: the host name).</summary>
    public string? HostnameOverride { get; init; }

    /// <summary><c>--v</c>.</summary>
    public int? Verbosity { get; init; }

    /// <summary>User-supplied flags; checked against the removed-flags table.</summary>
    public IReadOnlyDictionary<string, string> ExtraArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/local/bin/kube-proxy";

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(KubeProxyOptions));
        if (!Version.IsSupported) v.Add(nameof(Version), Version.UnsupportedMessage);
        v.AbsolutePath(nameof(ConfigPath), ConfigPath);
        v.AbsolutePath(nameof(Kubeconfig), Kubeconfig);
        v.Cidr(nameof(ClusterCidr), ClusterCidr);
        if (Mode == ProxyMode.Nftables && !KubernetesVersionRules.NftablesProxyBeta.AppliesTo(Version)
            && !(FeatureGates.TryGetValue(NftablesFeatureGate, out var on) && on))
            v.Add(nameof(Mode), $"nftables mode is alpha in Kubernetes {Version}; set FeatureGates[\"{NftablesFeatureGate}\"] = true, use Kubernetes {KubernetesVersionRules.NftablesProxyBeta.Since}+ (beta, 1.33 GA) or pick iptables/ipvs.");
        if (Mode == ProxyMode.Nftables && KubernetesVersionRules.NftablesProxyGa.AppliesTo(Version)
            && FeatureGates.TryGetValue(NftablesFeatureGate, out var gate) && !gate)
            v.Add(nameof(FeatureGates), $"{NftablesFeatureGate} is GA (locked on) in Kubernetes {Version}; remove the gate.");
        if (ConntrackMaxPerCore is < 0) v.Add(nameof(ConntrackMaxPerCore), "must be 0 (leave the host's limit) or positive.");
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        v.AddRange(FlagList.CheckExtraArgs(nameof(KubeProxyOptions), ComponentKind.KubeProxy, new Version(Version.Major, Version.Minor), ExtraArgs));
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        return new FlagList().Add("config", ConfigPath).Add("hostname-override", HostnameOverride).Add("v", Verbosity).Merge(ExtraArgs).ToArgs();
    }

    /// <summary>The KubeProxyConfiguration document.</summary>
    public string RenderConfiguration()
    {
        UnitsException.ThrowIfAny(Validate());
        return new YamlMap
        {
            { "kind", "KubeProxyConfiguration" },
            { "apiVersion", "kubeproxy.config.k8s.io/v1alpha1" },
            { "clientConnection", new YamlMap { { "kubeconfig", Kubeconfig } } },
            { "mode", Mode switch { ProxyMode.Ipvs => "ipvs", ProxyMode.Nftables => "nftables", _ => "iptables" } },
            { "clusterCIDR", ClusterCidr },
            { "conntrack", ConntrackMaxPerCore is { } perCore ? new YamlMap { { "maxPerCore", perCore } } : null },
            { "featureGates", FeatureGates.Count == 0 ? null : KubeletConfiguration.Gates(FeatureGates) },
        }.Render();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "kube-proxy",
        Description = "Kubernetes Kube Proxy",
        Documentation = ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/"],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Restart = RestartPolicy.OnFailure,
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [new RenderedFile(ConfigPath, RenderConfiguration())];
}
