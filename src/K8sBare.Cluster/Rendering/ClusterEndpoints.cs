namespace K8sBare.Cluster.Rendering;

/// <summary>
/// The network addresses of the cluster's services on its nodes, computed in one place (ports from
/// <see cref="ClusterComponents"/> and the spec's API endpoint): what the renderers write into configs and what
/// the apply connects to.
/// </summary>
internal static class ClusterEndpoints
{
    /// <summary>The etcd client URL of one member: <c>https://address:2379</c>.</summary>
    public static Uri EtcdClient(NodeSpec member) => new($"https://{RenderContext.UrlHost(member.Address)}:{ClusterComponents.Etcd.Port("client")}");

    /// <summary>Every member's client URL, in spec order.</summary>
    public static IReadOnlyList<Uri> EtcdClients(ClusterSpec spec) => spec.EtcdNodes.Select(EtcdClient).ToList();

    /// <summary>One control-plane node's own API server URL (not the load-balanced endpoint): <c>https://address:port</c>.</summary>
    public static Uri ApiServer(ClusterSpec spec, NodeSpec controlPlane) => new($"https://{RenderContext.UrlHost(controlPlane.Address)}:{spec.ApiEndpoint.Port}");
}
