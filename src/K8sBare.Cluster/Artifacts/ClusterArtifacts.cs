namespace K8sBare.Cluster.Artifacts;

/// <summary>
/// The whole cluster rendered: per host, files (path, mode, owner, content), directories, services and
/// binaries; plus what goes into etcd and the API (flannel's config, RBAC) and the files for the
/// operator (admin kubeconfig). Pure data, produced offline by <see cref="Rendering.ClusterRenderer"/>.
/// </summary>
public sealed record ClusterArtifacts
{
    /// <summary>The spec rendered.</summary>
    public required ClusterSpec Spec { get; init; }

    /// <summary>One entry per node, in spec order.</summary>
    public IReadOnlyList<HostArtifacts> Hosts { get; init; } = [];

    /// <summary>flannel's network config (JSON) stored at <c>&lt;prefix&gt;/config</c> in etcd.</summary>
    public string FlannelNetworkConfig { get; init; } = "";

    /// <summary>The RBAC objects the rbac phase creates (YAML, multi-document).</summary>
    public string RbacManifest { get; init; } = "";

    /// <summary>
    /// Files for the operator, keyed by file name: <c>admin.kubeconfig</c> (for the operator's machine) and, when the
    /// spec names an external load balancer (<see cref="ApiEndpointMode.ExternalLoadBalancer"/>, or
    /// <see cref="ApiEndpointMode.LocalProxy"/> with <see cref="ApiEndpoint.Host"/>), <c>api-load-balancer.haproxy.cfg</c>:
    /// the load balancer's haproxy configuration (its <see cref="ArtifactFile.Path"/> is where it goes on that host),
    /// which K8sBare does not install — the load balancer is the operator's.
    /// </summary>
    public IReadOnlyDictionary<string, ArtifactFile> OperatorFiles { get; init; } = new Dictionary<string, ArtifactFile>();

    /// <summary>The host named <paramref name="name"/>.</summary>
    /// <param name="name">A node name.</param>
    /// <exception cref="KeyNotFoundException">No such host.</exception>
    public HostArtifacts this[string name] =>
        Hosts.FirstOrDefault(h => h.Name == name)
        ?? throw new KeyNotFoundException($"No host '{name}' in the rendered cluster; hosts are {string.Join(", ", Hosts.Select(h => h.Name))}.");
}
