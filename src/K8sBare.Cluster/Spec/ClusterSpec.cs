namespace K8sBare.Cluster;

/// <summary>
/// The whole intent for one cluster: nodes and their roles, versions, network, DNS, API endpoint, PKI
/// and binary sources. Build one with <see cref="ClusterBuilder"/> or load it with
/// <see cref="Inventory.InventoryLoader"/>; check it with <see cref="Validation.ClusterSpecValidation.Validate"/>.
/// </summary>
public sealed record ClusterSpec
{
    /// <summary>The cluster name (kubeconfig cluster name, controller-manager <c>--cluster-name</c>).</summary>
    public string Name { get; init; } = "kubernetes";

    /// <summary>The machines, in a stable order.</summary>
    public IReadOnlyList<NodeSpec> Nodes { get; init; } = [];

    /// <summary>The component versions.</summary>
    public ComponentVersions Versions { get; init; } = new();

    /// <summary>The address plan.</summary>
    public ClusterNetwork Network { get; init; } = new();

    /// <summary>How pods reach each other across nodes (flannel, or the daemon-less bridge and routes).</summary>
    public PodNetworkMode PodNetwork { get; init; } = PodNetworkMode.Flannel;

    /// <summary>containerd on the workers (sandbox image, preloaded images).</summary>
    public ContainerRuntimeSettings ContainerRuntime { get; init; } = new();

    /// <summary>kube-proxy's host-dependent settings.</summary>
    public KubeProxySettings KubeProxy { get; init; } = new();

    /// <summary>flannel's settings (used when <see cref="PodNetwork"/> is <see cref="PodNetworkMode.Flannel"/>).</summary>
    public FlannelSettings Flannel { get; init; } = new();

    /// <summary>Cluster DNS.</summary>
    public DnsSettings Dns { get; init; } = new();

    /// <summary>How clients reach the API server.</summary>
    public ApiEndpoint ApiEndpoint { get; init; } = new();

    /// <summary>The PKI settings.</summary>
    public PkiSettings Pki { get; init; } = new();

    /// <summary>
    /// Where each binary comes from, by binary name (<c>etcd</c>, <c>kubelet</c>, …; see
    /// <see cref="KnownBinaries"/>). A binary without an entry is expected on the host at its
    /// install path.
    /// </summary>
    public IReadOnlyDictionary<string, BinarySource> Binaries { get; init; } = new Dictionary<string, BinarySource>();

    /// <summary>
    /// Extra command-line flags per component, keyed by the component's binary name (<c>kube-apiserver</c>,
    /// <c>kube-controller-manager</c>, <c>kube-scheduler</c>, <c>kubelet</c>, <c>kube-proxy</c>, <c>etcd</c>,
    /// <c>flanneld</c>), then by flag name (with or without dashes). Validation refuses flags the component removed
    /// at the spec's version, malformed names and one flag given twice (<c>v</c> and <c>--v</c>); deprecated flags
    /// warn (<see cref="K8sBare.Units.Flags.RemovedFlags"/>, <see cref="K8sBare.Units.Flags.DeprecatedFlags"/>).
    /// A flag K8sBare sets itself is replaced in place by the extra one (as kubeadm's <c>extraArgs</c> do): the value is
    /// then yours, so overriding a flag derived from the spec (<c>etcd-servers</c>, <c>service-cluster-ip-range</c>,
    /// certificate paths) makes the components disagree — change the spec field instead.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ExtraArgs { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>The control-plane nodes, in spec order.</summary>
    public IEnumerable<NodeSpec> ControlPlaneNodes => Nodes.Where(n => n is not null && n.IsControlPlane);

    /// <summary>The etcd members, in spec order.</summary>
    public IEnumerable<NodeSpec> EtcdNodes => Nodes.Where(n => n is not null && n.IsEtcd);

    /// <summary>The workers, in spec order.</summary>
    public IEnumerable<NodeSpec> WorkerNodes => Nodes.Where(n => n is not null && n.IsWorker);

    /// <summary>The node with this name, or null.</summary>
    /// <param name="name">The node name.</param>
    public NodeSpec? FindNode(string name) => Nodes.FirstOrDefault(n => n is not null && n.Name == name);

    /// <summary>The extra flags for one component (empty when none are set).</summary>
    /// <param name="binary">The component's binary name, e.g. <c>kube-apiserver</c>.</param>
    public IReadOnlyDictionary<string, string> ExtraArgsFor(string binary) =>
        ExtraArgs.TryGetValue(binary, out var a) && a is not null ? a : new Dictionary<string, string>();

    /// <summary>The source of a binary: the spec's entry, or <see cref="BinarySource.OnHost"/>.</summary>
    /// <param name="binary">The binary name.</param>
    public BinarySource SourceOf(string binary) => Binaries.TryGetValue(binary, out var s) ? s : BinarySource.OnHost;
}
