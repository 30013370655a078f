using K8sBare.Units.Components;

namespace K8sBare.Units.Tests.Support;

/// <summary>One realistic three-controller, TLS everywhere cluster used by golden, tool and benchmark tests.</summary>
public static class SampleCluster
{
    public static readonly IReadOnlyList<EtcdMember> Members =
    [
        new("controller-0", "https://10.0.0.11:2380"),
        new("controller-1", "https://10.0.0.12:2380"),
        new("controller-2", "https://10.0.0.13:2380"),
    ];

    public static EtcdOptions Etcd => EtcdOptions.ForMember("controller-0", "10.0.0.11", Members, new EtcdTlsOptions()) with
    {
        ListenMetricsUrls = ["http://127.0.0.1:2381"],
    };

    public static KubeApiServerOptions ApiServer => new()
    {
        Version = KubernetesVersion.V1_32,
        AdvertiseAddress = "10.0.0.11",
        EtcdServers = ["https://10.0.0.11:2379", "https://10.0.0.12:2379", "https://10.0.0.13:2379"],
        ServiceAccountIssuer = "https://10.0.0.10:6443",
        ClusterCidr = "10.200.0.0/16",
        EncryptionProviderConfig = EncryptionConfiguration.DefaultPath,
        After = ["etcd"],
    };

    public static KubeControllerManagerOptions ControllerManager => new() { Version = KubernetesVersion.V1_32 };

    public static KubeSchedulerOptions Scheduler => new() { Version = KubernetesVersion.V1_32 };

    public static KubeletOptions Kubelet => new()
    {
        Version = KubernetesVersion.V1_32,
        HostnameOverride = "worker-0",
        NodeIp = "10.0.0.21",
        NodeLabels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["node.kubernetes.io/pool"] = "default" },
        Config = new KubeletConfiguration
        {
            SystemReserved = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["cpu"] = "100m", ["memory"] = "256Mi" },
            KubeReserved = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["cpu"] = "100m", ["memory"] = "256Mi" },
        },
    };

    public static KubeProxyOptions KubeProxy => new() { Version = KubernetesVersion.V1_32 };

    public static ContainerdOptions Containerd(ContainerdRelease release) => new() { Release = release };

    public static CniConfig Cni => new();

    public static FlannelOptions Flannel => new()
    {
        EtcdEndpoints = ["https://10.0.0.11:2379", "https://10.0.0.12:2379", "https://10.0.0.13:2379"],
        PublicIp = "10.0.0.21",
        Interfaces = ["eth1"],
    };

    public static CoreDnsOptions CoreDns => new() { BindAddresses = ["10.0.0.21"] };

    public static IReadOnlyList<ApiServerBackend> Backends =>
    [
        new("controller-0", "10.0.0.11"),
        new("controller-1", "10.0.0.12"),
        new("controller-2", "10.0.0.13"),
    ];

    public static HaproxyOptions Haproxy => new() { Backends = Backends };

    public static NginxLoadBalancerOptions Nginx => new() { Backends = Backends };

    public static KeepalivedOptions Keepalived => new() { VirtualIp = "10.0.0.10/24", Interface = "eth0", Primary = true, Priority = 101, AuthPass = "k8sbare1" };

    public static EncryptionConfiguration Encryption => new() { SecretBase64 = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()) };

    public static HostPrepOptions HostPrep => new();

    /// <summary>Every service-bearing component, by name.</summary>
    public static IReadOnlyList<(string Name, IComponentOptions Options)> Components =>
    [
        ("etcd", Etcd),
        ("kube-apiserver", ApiServer),
        ("kube-controller-manager", ControllerManager),
        ("kube-scheduler", Scheduler),
        ("kubelet", Kubelet),
        ("kube-proxy", KubeProxy),
        ("containerd", Containerd(ContainerdRelease.V2_1)),
        ("flanneld", Flannel),
        ("coredns", CoreDns),
        ("haproxy", Haproxy),
        ("nginx", Nginx),
        ("keepalived", Keepalived),
    ];

    public static IEnumerable<object[]> ComponentNames => Components.Select(c => new object[] { c.Name });

    public static IComponentOptions Get(string name) => Components.Single(c => c.Name == name).Options;
}
