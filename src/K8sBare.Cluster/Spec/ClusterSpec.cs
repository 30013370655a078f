using K8sBare.Cluster.Validation;

namespace K8sBare.Cluster;

/// <summary>
/// The whole intent for one cluster: nodes and their roles, versions, network, DNS, API endpoint, PKI
/// and binary sources. Build one with <see cref="ClusterBuilder"/> or load it with
/// <see cref="Inventory.InventoryLoader"/>; check it with <see cref="Validate"/>.
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

    /// <summary>flannel's settings.</summary>
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

    /// <summary>The control-plane nodes, in spec order.</summary>
    public IEnumerable<NodeSpec> ControlPlaneNodes => Nodes.Where(n => n.IsControlPlane);

    /// <summary>The etcd members, in spec order.</summary>
    public IEnumerable<NodeSpec> EtcdNodes => Nodes.Where(n => n.IsEtcd);

    /// <summary>The workers, in spec order.</summary>
    public IEnumerable<NodeSpec> WorkerNodes => Nodes.Where(n => n.IsWorker);

    /// <summary>The node with this name, or null.</summary>
    /// <param name="name">The node name.</param>
    public NodeSpec? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    /// <summary>The source of a binary: the spec's entry, or <see cref="BinarySource.OnHost"/>.</summary>
    /// <param name="binary">The binary name.</param>
    public BinarySource SourceOf(string binary) => Binaries.TryGetValue(binary, out var s) ? s : BinarySource.OnHost;

    /// <summary>Checks the spec and returns every problem at once (errors and warnings).</summary>
    /// <param name="options">What to check; null checks everything needed to apply.</param>
    public ValidationReport Validate(ValidationOptions? options = null) => ClusterValidator.Validate(this, options ?? ValidationOptions.ForApply);
}
