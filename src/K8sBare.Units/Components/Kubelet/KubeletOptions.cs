using K8sBare.Units.Flags;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// kubelet options: the few flags that belong on the command line (components.md §2) plus the
/// <see cref="KubeletConfiguration"/> file that carries everything else. <c>--config</c> is always passed,
/// because the flag defaults are unsafe (anonymous auth, AlwaysAllow). Before 1.27 the runtime endpoint is a flag
/// (and before 1.24 <c>--container-runtime=remote</c> too): see <see cref="KubernetesVersionRules"/>.
/// </summary>
public sealed record KubeletOptions : IComponentOptions
{
    /// <summary>The Kubernetes minor version (1.20–1.34; differences in <see cref="KubernetesVersionRules"/>).</summary>
    public KubernetesVersion Version { get; init; } = KubernetesVersion.Default;

    /// <summary>The config file contents.</summary>
    public KubeletConfiguration Config { get; init; } = new();

    /// <summary><c>--config</c>: where <see cref="Config"/> is written.</summary>
    public string ConfigPath { get; init; } = "/var/lib/kubelet/config.yaml";

    /// <summary><c>--kubeconfig</c>.</summary>
    public string Kubeconfig { get; init; } = "/var/lib/kubelet/kubeconfig";

    /// <summary><c>--hostname-override</c>: must equal the CN suffix of the node certificate (<c>system:node:&lt;name&gt;</c>).</summary>
    public string? HostnameOverride { get; init; }

    /// <summary><c>--node-ip</c>.</summary>
    public string? NodeIp { get; init; }

    /// <summary><c>--node-labels</c>.</summary>
    public IReadOnlyDictionary<string, string> NodeLabels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>--root-dir</c> (null: /var/lib/kubelet).</summary>
    public string? RootDir { get; init; }

    /// <summary><c>--v</c>.</summary>
    public int? Verbosity { get; init; }

    /// <summary>User-supplied flags; checked against the removed-flags table (e.g. --network-plugin, --container-runtime).</summary>
    public IReadOnlyDictionary<string, string> ExtraArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/local/bin/kubelet";

    /// <summary>Commands run before the kubelet starts (e.g. <see cref="PodRoutes.PreStart"/>).</summary>
    public IReadOnlyList<ExecCommand> PreStart { get; init; } = [];

    /// <summary>The runtime service the kubelet requires.</summary>
    public string RuntimeService { get; init; } = "containerd";

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(KubeletOptions));
        if (!Version.IsSupported) v.Add(nameof(Version), Version.UnsupportedMessage);
        v.AddNested(nameof(Config), Config.Validate());
        v.AbsolutePath(nameof(ConfigPath), ConfigPath);
        v.AbsolutePath(nameof(Kubeconfig), Kubeconfig);
        if (HostnameOverride is not null && (HostnameOverride.Length == 0 || HostnameOverride.Any(c => char.IsWhiteSpace(c) || char.IsUpper(c))))
            v.Add(nameof(HostnameOverride), $"'{HostnameOverride}' is not a lowercase DNS name.");
        v.Ip(nameof(NodeIp), NodeIp, required: false);
        v.AbsolutePath(nameof(RootDir), RootDir, required: false);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        foreach (var k in NodeLabels.Keys.Where(k => k.Length == 0 || k.Any(c => c is ',' or '=' || char.IsWhiteSpace(c))))
            v.Add($"{nameof(NodeLabels)}[{k}]", "is not a valid label key.");
        v.AddRange(FlagList.CheckExtraArgs(nameof(KubeletOptions), ComponentKind.Kubelet, new Version(Version.Major, Version.Minor), ExtraArgs));
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        return new FlagList()
            .Add("config", ConfigPath)
            .Add("kubeconfig", Kubeconfig)
            .Add("hostname-override", HostnameOverride)
            .Add("node-ip", NodeIp)
            .Add("node-labels", NodeLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))
            .Add("root-dir", RootDir)
            .Add("container-runtime", KubernetesVersionRules.KubeletRemoteRuntimeDefault.AppliesTo(Version) ? null : "remote")
            .Add("container-runtime-endpoint", KubernetesVersionRules.KubeletRuntimeEndpointInConfig.AppliesTo(Version) ? null : Config.ContainerRuntimeEndpoint)
            .Add("v", Verbosity)
            .Merge(ExtraArgs)
            .ToArgs();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "kubelet",
        Description = "Kubernetes Kubelet",
        Documentation = ["https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/"],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        PreStart = PreStart,
        Restart = RestartPolicy.OnFailure,
        Requires = [RuntimeService],
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [new RenderedFile(ConfigPath, Config.Render(Version))];
}
