using K8sBare.Units.Formats;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// <c>kubelet.config.k8s.io/v1beta1</c> KubeletConfiguration (components.md §2). Secure defaults: anonymous auth off,
/// webhook authn/authz, systemd cgroup driver, containerd endpoint as a field (1.27+).
/// </summary>
public sealed record KubeletConfiguration
{
    /// <summary><c>authentication.x509.clientCAFile</c>.</summary>
    public string ClientCaFile { get; init; } = "/var/lib/kubernetes/ca.crt";

    /// <summary><c>cgroupDriver</c>: <c>systemd</c> (keep consistent with containerd's SystemdCgroup) or <c>cgroupfs</c> (OpenRC hosts).</summary>
    public string CgroupDriver { get; init; } = "systemd";

    /// <summary><c>containerRuntimeEndpoint</c> (1.27+; older kubelets get it as <c>--container-runtime-endpoint</c>).</summary>
    public string ContainerRuntimeEndpoint { get; init; } = "unix:///run/containerd/containerd.sock";

    /// <summary><c>clusterDomain</c>.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary><c>clusterDNS</c> (empty: no DNS configured for pods).</summary>
    public IReadOnlyList<string> ClusterDns { get; init; } = ["10.32.0.10"];

    /// <summary><c>resolvConf</c> (use <c>/run/systemd/resolve/resolv.conf</c> on systemd-resolved hosts).</summary>
    public string ResolvConf { get; init; } = "/etc/resolv.conf";

    /// <summary><c>registerNode</c>.</summary>
    public bool RegisterNode { get; init; } = true;

    /// <summary><c>tlsCertFile</c>: the kubelet's serving certificate.</summary>
    public string? TlsCertFile { get; init; } = "/var/lib/kubelet/kubelet.crt";

    /// <summary><c>tlsPrivateKeyFile</c>.</summary>
    public string? TlsPrivateKeyFile { get; init; } = "/var/lib/kubelet/kubelet.key";

    /// <summary><c>systemReserved</c> (e.g. cpu=100m, memory=256Mi).</summary>
    public IReadOnlyDictionary<string, string> SystemReserved { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>kubeReserved</c>.</summary>
    public IReadOnlyDictionary<string, string> KubeReserved { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>runtimeRequestTimeout</c>.</summary>
    public string RuntimeRequestTimeout { get; init; } = "15m";

    /// <summary><c>failSwapOn</c>.</summary>
    public bool FailSwapOn { get; init; } = true;

    /// <summary><c>rotateCertificates</c>.</summary>
    public bool RotateCertificates { get; init; }

    /// <summary><c>serverTLSBootstrap</c>.</summary>
    public bool ServerTlsBootstrap { get; init; }

    /// <summary><c>podCIDR</c>: only used in standalone mode; leave null in a cluster.</summary>
    public string? PodCidr { get; init; }

    /// <summary><c>maxPods</c> (null: default 110).</summary>
    public int? MaxPods { get; init; }

    /// <summary><c>registerWithTaints</c> (e.g. <see cref="NodeTaint.ControlPlane"/> on controllers that also run a kubelet).</summary>
    public IReadOnlyList<NodeTaint> RegisterWithTaints { get; init; } = [];

    /// <summary><c>featureGates</c>.</summary>
    public IReadOnlyDictionary<string, bool> FeatureGates { get; init; } = new SortedDictionary<string, bool>(StringComparer.Ordinal);

    /// <summary>Problems with the fields.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(KubeletConfiguration));
        v.AbsolutePath(nameof(ClientCaFile), ClientCaFile);
        if (CgroupDriver is not ("systemd" or "cgroupfs")) v.Add(nameof(CgroupDriver), $"'{CgroupDriver}' is not systemd or cgroupfs.");
        if (!ContainerRuntimeEndpoint.StartsWith("unix:///", StringComparison.Ordinal))
            v.Add(nameof(ContainerRuntimeEndpoint), $"'{ContainerRuntimeEndpoint}' is not a unix:/// socket URL, e.g. unix:///run/containerd/containerd.sock.");
        v.NotEmpty(nameof(ClusterDomain), ClusterDomain);
        for (var i = 0; i < ClusterDns.Count; i++) v.Ip($"{nameof(ClusterDns)}[{i}]", ClusterDns[i]);
        v.AbsolutePath(nameof(ResolvConf), ResolvConf);
        if ((TlsCertFile is null) != (TlsPrivateKeyFile is null))
            v.Add(nameof(TlsCertFile), "TlsCertFile and TlsPrivateKeyFile must be set together.");
        v.AbsolutePath(nameof(TlsCertFile), TlsCertFile, required: false);
        v.AbsolutePath(nameof(TlsPrivateKeyFile), TlsPrivateKeyFile, required: false);
        v.Cidr(nameof(PodCidr), PodCidr, required: false);
        if (MaxPods is < 1) v.Add(nameof(MaxPods), "must be positive.");
        for (var i = 0; i < RegisterWithTaints.Count; i++)
        {
            var t = RegisterWithTaints[i];
            v.NotEmpty($"{nameof(RegisterWithTaints)}[{i}].Key", t.Key);
            if (t.Effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                v.Add($"{nameof(RegisterWithTaints)}[{i}].Effect", $"'{t.Effect}' is not NoSchedule, PreferNoSchedule or NoExecute.");
        }
        return v.Problems;
    }

    /// <summary>The YAML document for <see cref="KubernetesVersion.Default"/>.</summary>
    public string Render() => Render(KubernetesVersion.Default);

    /// <summary>The YAML document for a kubelet of <paramref name="version"/> (before 1.27 the runtime endpoint is a
    /// flag, not a field: <see cref="KubernetesVersionRules.KubeletRuntimeEndpointInConfig"/>).</summary>
    /// <param name="version">The kubelet's Kubernetes minor version.</param>
    public string Render(KubernetesVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        UnitsException.ThrowIfAny(Validate());
        var map = new YamlMap
        {
            { "apiVersion", "kubelet.config.k8s.io/v1beta1" },
            { "kind", "KubeletConfiguration" },
            {
                "authentication", new YamlMap
                {
                    { "anonymous", new YamlMap { { "enabled", false } } },
                    { "webhook", new YamlMap { { "enabled", true } } },
                    { "x509", new YamlMap { { "clientCAFile", ClientCaFile } } },
                }
            },
            { "authorization", new YamlMap { { "mode", "Webhook" } } },
            { "cgroupDriver", CgroupDriver },
            { "containerRuntimeEndpoint", KubernetesVersionRules.KubeletRuntimeEndpointInConfig.AppliesTo(version) ? ContainerRuntimeEndpoint : null },
            { "clusterDomain", ClusterDomain },
            { "clusterDNS", ClusterDns.Count == 0 ? null : ClusterDns },
            { "resolvConf", ResolvConf },
            { "registerNode", RegisterNode },
            {
                "registerWithTaints", RegisterWithTaints.Count == 0 ? null
                    : RegisterWithTaints.Select(t => new YamlMap { { "key", t.Key }, { "value", t.Value }, { "effect", t.Effect } }).ToList()
            },
            { "tlsCertFile", TlsCertFile },
            { "tlsPrivateKeyFile", TlsPrivateKeyFile },
            { "rotateCertificates", RotateCertificates ? true : null },
            { "serverTLSBootstrap", ServerTlsBootstrap ? true : null },
            { "failSwapOn", FailSwapOn },
            { "runtimeRequestTimeout", RuntimeRequestTimeout },
            { "systemReserved", Map(SystemReserved) },
            { "kubeReserved", Map(KubeReserved) },
            { "podCIDR", PodCidr },
            { "maxPods", MaxPods },
            { "featureGates", FeatureGates.Count == 0 ? null : Gates(FeatureGates) },
        };
        return map.Render();
    }

    internal static YamlMap? Map(IReadOnlyDictionary<string, string> d)
    {
        if (d.Count == 0) return null;
        var m = new YamlMap();
        foreach (var (k, val) in d.OrderBy(e => e.Key, StringComparer.Ordinal)) m.Add(k, val);
        return m;
    }

    internal static YamlMap Gates(IReadOnlyDictionary<string, bool> d)
    {
        var m = new YamlMap();
        foreach (var (k, val) in d.OrderBy(e => e.Key, StringComparer.Ordinal)) m.Add(k, val);
        return m;
    }
}
