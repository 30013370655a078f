using K8sBare.Units.Flags;
using K8sBare.Units.Formats;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// kube-scheduler options: <c>--config</c> pointing at a KubeSchedulerConfiguration of the API version the
/// scheduler's release accepts (<see cref="KubernetesVersionRules.SchedulerConfigApiVersion"/>: v1 from 1.25,
/// v1beta2 on 1.24), or, before 1.24, flags with <c>--port=0</c> (<see cref="UsesConfigFile"/>); and the delegated
/// authentication/authorization kubeconfigs without which the secure port (10259) authenticates no one
/// (components.md §1.2).
/// </summary>
public sealed record KubeSchedulerOptions : IComponentOptions
{
    /// <summary>The Kubernetes minor version (1.20–1.34; differences in <see cref="KubernetesVersionRules"/>).</summary>
    public KubernetesVersion Version { get; init; } = KubernetesVersion.Default;

    /// <summary><c>--config</c>.</summary>
    public string ConfigPath { get; init; } = "/etc/kubernetes/config/kube-scheduler.yaml";

    /// <summary><c>clientConnection.kubeconfig</c>, also <c>--authentication-kubeconfig</c> and <c>--authorization-kubeconfig</c>
    /// (the secure port delegates TokenReview/SubjectAccessReview to the apiserver through it).</summary>
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
        if (!Version.IsSupported) v.Add(nameof(Version), Version.UnsupportedMessage);
        v.AbsolutePath(nameof(ConfigPath), ConfigPath);
        v.AbsolutePath(nameof(Kubeconfig), Kubeconfig);
        v.Ip(nameof(BindAddress), BindAddress, required: false);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        v.AddRange(FlagList.CheckExtraArgs(nameof(KubeSchedulerOptions), ComponentKind.KubeScheduler, new Version(Version.Major, Version.Minor), ExtraArgs));
        return v.Problems;
    }

    /// <summary>
    /// True when the scheduler runs from <see cref="ConfigPath"/>. Before 1.24
    /// (<see cref="KubernetesVersionRules.InsecurePortsRemoved"/>) it runs from flags instead, as kubeadm did: with
    /// <c>--config</c> a 1.20 scheduler takes its insecure serving from the file, ignores <c>--port=0</c>, refuses port 0
    /// there and keeps 10251 open (unauthenticated /metrics); seen on a real 1.20 binary.
    /// </summary>
    public bool UsesConfigFile => KubernetesVersionRules.InsecurePortsRemoved.AppliesTo(Version);

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        var flags = new FlagList();
        if (UsesConfigFile) flags.Add("config", ConfigPath);
        else flags.Add("kubeconfig", Kubeconfig).Add("leader-elect", LeaderElect);
        return flags
            .Add("authentication-kubeconfig", Kubeconfig)
            .Add("authorization-kubeconfig", Kubeconfig)
            .Add("bind-address", BindAddress)
            .Add("port", UsesConfigFile ? null : "0")
            .Add("v", Verbosity)
            .Merge(ExtraArgs)
            .ToArgs();
    }

    /// <summary>The KubeSchedulerConfiguration document.</summary>
    public string RenderConfiguration()
    {
        UnitsException.ThrowIfAny(Validate());
        return new YamlMap
        {
            { "apiVersion", KubernetesVersionRules.SchedulerConfigApiVersion(Version) },
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
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => UsesConfigFile ? [new RenderedFile(ConfigPath, RenderConfiguration())] : [];
}
