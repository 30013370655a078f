using K8sBare.Units.Flags;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>kube-controller-manager options (components.md §1.2). Secure port 10257; before 1.24 the insecure port
/// (10252) is closed with <c>--port=0</c> (<see cref="KubernetesVersionRules.InsecurePortsRemoved"/>).</summary>
public sealed record KubeControllerManagerOptions : IComponentOptions
{
    /// <summary>The Kubernetes minor version (1.20–1.34; differences in <see cref="KubernetesVersionRules"/>).</summary>
    public KubernetesVersion Version { get; init; } = KubernetesVersion.Default;

    /// <summary><c>--kubeconfig</c> (also used for <c>--authentication-kubeconfig</c>/<c>--authorization-kubeconfig</c>).</summary>
    public string Kubeconfig { get; init; } = "/var/lib/kubernetes/kube-controller-manager.kubeconfig";

    /// <summary><c>--bind-address</c>.</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary><c>--leader-elect</c>.</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary><c>--cluster-name</c>.</summary>
    public string ClusterName { get; init; } = "kubernetes";

    /// <summary><c>--allocate-node-cidrs</c>: fills Node.spec.podCIDR (flannel --kube-subnet-mgr needs it).</summary>
    public bool AllocateNodeCidrs { get; init; } = true;

    /// <summary><c>--cluster-cidr</c>: the pod network.</summary>
    public string ClusterCidr { get; init; } = "10.200.0.0/16";

    /// <summary><c>--node-cidr-mask-size</c> (null: 24 for IPv4).</summary>
    public int? NodeCidrMaskSize { get; init; }

    /// <summary><c>--service-cluster-ip-range</c>.</summary>
    public string ServiceClusterIpRange { get; init; } = "10.32.0.0/24";

    /// <summary><c>--cluster-signing-cert-file</c>.</summary>
    public string ClusterSigningCertFile { get; init; } = "/var/lib/kubernetes/ca.crt";

    /// <summary><c>--cluster-signing-key-file</c>.</summary>
    public string ClusterSigningKeyFile { get; init; } = "/var/lib/kubernetes/ca.key";

    /// <summary><c>--root-ca-file</c>.</summary>
    public string RootCaFile { get; init; } = "/var/lib/kubernetes/ca.crt";

    /// <summary><c>--service-account-private-key-file</c> (same key as the apiserver's signing key).</summary>
    public string ServiceAccountPrivateKeyFile { get; init; } = "/var/lib/kubernetes/sa.key";

    /// <summary><c>--use-service-account-credentials</c>.</summary>
    public bool UseServiceAccountCredentials { get; init; } = true;

    /// <summary><c>--v</c>.</summary>
    public int? Verbosity { get; init; }

    /// <summary>User-supplied flags; checked against the removed-flags table.</summary>
    public IReadOnlyDictionary<string, string> ExtraArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/local/bin/kube-controller-manager";

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(KubeControllerManagerOptions));
        if (!Version.IsSupported) v.Add(nameof(Version), Version.UnsupportedMessage);
        v.AbsolutePath(nameof(Kubeconfig), Kubeconfig);
        v.Ip(nameof(BindAddress), BindAddress);
        v.NotEmpty(nameof(ClusterName), ClusterName);
        var pods = v.Cidr(nameof(ClusterCidr), ClusterCidr, required: AllocateNodeCidrs);
        var svc = v.Cidr(nameof(ServiceClusterIpRange), ServiceClusterIpRange);
        v.Overlap(nameof(ClusterCidr), pods, nameof(ServiceClusterIpRange), svc);
        if (NodeCidrMaskSize is { } mask && pods is { } p && (mask <= p.PrefixLength || mask > (p.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 30 : 126)))
            v.Add(nameof(NodeCidrMaskSize), $"/{mask} must be longer than the cluster CIDR's /{p.PrefixLength} and leave room for pods.");
        v.AbsolutePath(nameof(ClusterSigningCertFile), ClusterSigningCertFile);
        v.AbsolutePath(nameof(ClusterSigningKeyFile), ClusterSigningKeyFile);
        v.AbsolutePath(nameof(RootCaFile), RootCaFile);
        v.AbsolutePath(nameof(ServiceAccountPrivateKeyFile), ServiceAccountPrivateKeyFile);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        v.AddRange(FlagList.CheckExtraArgs(nameof(KubeControllerManagerOptions), ComponentKind.KubeControllerManager, new Version(Version.Major, Version.Minor), ExtraArgs));
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        return new FlagList()
            .Add("kubeconfig", Kubeconfig)
            .Add("authentication-kubeconfig", Kubeconfig)
            .Add("authorization-kubeconfig", Kubeconfig)
            .Add("bind-address", BindAddress)
            .Add("port", KubernetesVersionRules.InsecurePortsRemoved.AppliesTo(Version) ? null : "0")
            .Add("leader-elect", LeaderElect)
            .Add("cluster-name", ClusterName)
            .Add("allocate-node-cidrs", AllocateNodeCidrs)
            .Add("cluster-cidr", ClusterCidr)
            .Add("node-cidr-mask-size", NodeCidrMaskSize)
            .Add("service-cluster-ip-range", ServiceClusterIpRange)
            .Add("cluster-signing-cert-file", ClusterSigningCertFile)
            .Add("cluster-signing-key-file", ClusterSigningKeyFile)
            .Add("root-ca-file", RootCaFile)
            .Add("service-account-private-key-file", ServiceAccountPrivateKeyFile)
            .Add("use-service-account-credentials", UseServiceAccountCredentials)
            .Add("v", Verbosity)
            .Merge(ExtraArgs)
            .ToArgs();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "kube-controller-manager",
        Description = "Kubernetes Controller Manager",
        Documentation = ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/"],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Restart = RestartPolicy.OnFailure,
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [];
}
