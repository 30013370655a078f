using K8sBare.Units.Flags;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// flanneld as a host service (components.md §8), in etcd v3 mode (default) or <c>--kube-subnet-mgr</c> mode.
/// In etcd mode the network config is not a file: put <see cref="Network"/>'s <c>RenderCompact()</c> at
/// <see cref="NetworkConfigKey"/> in etcd.
/// </summary>
public sealed record FlannelOptions : IComponentOptions
{
    /// <summary>The network config (etcd value or net-conf.json).</summary>
    public FlannelNetworkConfig Network { get; init; } = new();

    /// <summary>Use <c>--kube-subnet-mgr</c> (Node.spec.podCIDR) instead of etcd.</summary>
    public bool KubeSubnetManager { get; init; }

    /// <summary><c>--etcd-endpoints</c> (etcd mode).</summary>
    public IReadOnlyList<string> EtcdEndpoints { get; init; } = [];

    /// <summary><c>--etcd-prefix</c>.</summary>
    public string EtcdPrefix { get; init; } = "/coreos.com/network";

    /// <summary><c>--etcd-cafile</c>.</summary>
    public string? EtcdCaFile { get; init; } = "/etc/flannel/etcd-ca.crt";

    /// <summary><c>--etcd-certfile</c>.</summary>
    public string? EtcdCertFile { get; init; } = "/etc/flannel/etcd-client.crt";

    /// <summary><c>--etcd-keyfile</c>.</summary>
    public string? EtcdKeyFile { get; init; } = "/etc/flannel/etcd-client.key";

    /// <summary><c>--kubeconfig-file</c> (kube-subnet-mgr mode).</summary>
    public string Kubeconfig { get; init; } = "/etc/flannel/kubeconfig";

    /// <summary><c>--net-config-path</c> (kube-subnet-mgr mode).</summary>
    public string NetConfigPath { get; init; } = "/etc/kube-flannel/net-conf.json";

    /// <summary>The node name (env <c>NODE_NAME</c>; required in kube-subnet-mgr mode outside a pod).</summary>
    public string? NodeName { get; init; }

    /// <summary><c>--iface</c> (repeatable).</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary><c>--public-ip</c>.</summary>
    public string? PublicIp { get; init; }

    /// <summary><c>--ip-masq</c>.</summary>
    public bool IpMasq { get; init; } = true;

    /// <summary><c>--subnet-file</c>.</summary>
    public string SubnetFile { get; init; } = "/run/flannel/subnet.env";

    /// <summary><c>--healthz-ip</c>.</summary>
    public string? HealthzIp { get; init; } = "127.0.0.1";

    /// <summary><c>--healthz-port</c> (null: health server off).</summary>
    public int? HealthzPort { get; init; } = 8285;

    /// <summary>User-supplied flags.</summary>
    public IReadOnlyDictionary<string, string> ExtraArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/local/bin/flanneld";

    /// <summary>The etcd key that holds the network config.</summary>
    public string NetworkConfigKey => EtcdPrefix.TrimEnd('/') + "/config";

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(FlannelOptions));
        v.AddNested(nameof(Network), Network.Validate());
        if (KubeSubnetManager)
        {
            v.AbsolutePath(nameof(Kubeconfig), Kubeconfig);
            v.AbsolutePath(nameof(NetConfigPath), NetConfigPath);
            v.NotEmpty(nameof(NodeName), NodeName);
        }
        else
        {
            if (EtcdEndpoints.Count == 0) v.Add(nameof(EtcdEndpoints), "needs at least one etcd client URL (etcd mode), or set KubeSubnetManager = true.");
            for (var i = 0; i < EtcdEndpoints.Count; i++) v.Url($"{nameof(EtcdEndpoints)}[{i}]", EtcdEndpoints[i], "https", "http");
            if (!EtcdPrefix.StartsWith('/')) v.Add(nameof(EtcdPrefix), $"'{EtcdPrefix}' must start with '/'.");
            if (EtcdEndpoints.Any(e => e.StartsWith("https://", StringComparison.Ordinal)))
            {
                v.AbsolutePath(nameof(EtcdCaFile), EtcdCaFile);
                v.AbsolutePath(nameof(EtcdCertFile), EtcdCertFile);
                v.AbsolutePath(nameof(EtcdKeyFile), EtcdKeyFile);
            }
        }
        v.Ip(nameof(PublicIp), PublicIp, required: false);
        v.Ip(nameof(HealthzIp), HealthzIp, required: false);
        v.Port(nameof(HealthzPort), HealthzPort);
        v.AbsolutePath(nameof(SubnetFile), SubnetFile);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        v.AddRange(FlagList.CheckExtraArgs(nameof(FlannelOptions), ComponentKind.Flanneld, new Version(0, 25), ExtraArgs));
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        var f = new FlagList();
        if (KubeSubnetManager)
        {
            f.Add("kube-subnet-mgr", true).Add("kubeconfig-file", Kubeconfig).Add("net-config-path", NetConfigPath);
        }
        else
        {
            var tls = EtcdEndpoints.Any(e => e.StartsWith("https://", StringComparison.Ordinal));
            f.Add("etcd-endpoints", EtcdEndpoints).Add("etcd-prefix", EtcdPrefix);
            if (tls) f.Add("etcd-cafile", EtcdCaFile).Add("etcd-certfile", EtcdCertFile).Add("etcd-keyfile", EtcdKeyFile);
        }
        var args = f.Add("public-ip", PublicIp)
            .Add("ip-masq", IpMasq)
            .Add("subnet-file", SubnetFile)
            .Add("healthz-ip", HealthzPort is null ? null : HealthzIp)
            .Add("healthz-port", HealthzPort)
            .Merge(ExtraArgs)
            .ToArgs()
            .ToList();
        // --iface is repeatable, so it is not part of the name-keyed FlagList.
        args.InsertRange(KubeSubnetManager ? 3 : 0, Interfaces.Select(i => $"--iface={i}"));
        return args;
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "flanneld",
        Description = "flannel overlay network agent",
        Documentation = ["https://github.com/flannel-io/flannel"],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Type = ServiceType.Notify,
        Restart = RestartPolicy.OnFailure,
        Environment = NodeName is null
            ? new SortedDictionary<string, string>(StringComparer.Ordinal)
            : new SortedDictionary<string, string>(StringComparer.Ordinal) { ["NODE_NAME"] = NodeName },
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() =>
        KubeSubnetManager ? [new RenderedFile(NetConfigPath, Network.Render())] : [];
}
