using K8sBare.Units.Flags;
using K8sBare.Units.Formats;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// kube-scheduler options: <c>--config</c> pointing at a <c>kubescheduler.config.k8s.io/v1</c>
/// KubeSchedulerConfiguration (v1 is the only version for 1.30–1.34; components.md §1.2).
/// </summary>
public sealed record KubeSchedulerOptions : IComponentOptions
{
    /// <summary>The Kubernetes minor version (1.30–1.34).</summary>
    public KubernetesVersion Version { get; init; } = KubernetesVersion.Default;

    /// <summary><c>--config</c>.</summary>
    public string ConfigPath { get; init; } = "/etc/kubernetes/config/kube-scheduler.yaml";

    /// <summary><c>clientConnection.kubeconfig</c>.</summary>
    public string Kubeconfig { get; init; } = "/var/lib/kubernetes/kube-scheduler.kubeconfig";

    /// <summary><c>leaderElection.leaderElect</c>.</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary><c>--bind-address</c> (null: default 0.0.0.0; secure port 10259).</summary>
    public string? BindAddress { get; init; }

    /// <summary><c>--v</c>.</summary>
    public int? Verbosity { get; init; }

    /// <summary>User-supplied flags; checked against the removed-flags table.</summary>
    public IReadOnlyDictionary<string, string> ExtraArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/local/bin/kube-scheduler";

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(KubeSchedulerOptions));
        if (!Version.IsSupported) v.Add(nameof(Version), $"Kubernetes {Version} is not supported; use 1.30 to 1.34.");
        v.AbsolutePath(nameof(ConfigPath), ConfigPath);
        v.AbsolutePath(nameof(Kubeconfig), Kubeconfig);
        v.Ip(nameof(BindAddress), BindAddress, required: false);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        v.AddRange(FlagList.CheckExtraArgs(nameof(KubeSchedulerOptions), ComponentKind.KubeScheduler, new Version(Version.Major, Version.Minor), ExtraArgs));
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        return new FlagList().Add("config", ConfigPath).Add("bind-address", BindAddress).Add("v", Verbosity).Merge(ExtraArgs).ToArgs();
    }

    /// <summary>The KubeSchedulerConfiguration document.</summary>
    public string RenderConfiguration()
    {
        UnitsException.ThrowIfAny(Validate());
        return new YamlMap
        {
            { "apiVersion", "kubescheduler.config.k8s.io/v1" },
            { "kind", "KubeSchedulerConfiguration" },
            { "clientConnection", new YamlMap { { "kubeconfig", Kubeconfig } } },
            { "leaderElection", new YamlMap { { "leaderElect", LeaderElect } } },
        }.Render();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "kube-scheduler",
        Description = "Kubernetes Scheduler",
        Documentation = ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/"],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Restart = RestartPolicy.OnFailure,
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [new RenderedFile(ConfigPath, RenderConfiguration())];
}
