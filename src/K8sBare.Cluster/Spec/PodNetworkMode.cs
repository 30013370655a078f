namespace K8sBare.Cluster;

/// <summary>How pods on different nodes reach each other.</summary>
public enum PodNetworkMode
{
    /// <summary>flanneld on every worker with its config in etcd (<see cref="ClusterSpec.Flannel"/>).</summary>
    Flannel,

    /// <summary>
    /// No daemon: each worker's pod range on a CNI bridge (host-local IPAM) and a route on every worker to each other
    /// worker's range via that worker's address (Kubernetes the hard way). Needs every node on one L2 segment, or a
    /// router that knows the pod ranges; the ranges are assigned in spec order (worker i gets the i-th
    /// <see cref="ClusterNetwork.NodeSubnetLength"/> subnet of <see cref="ClusterNetwork.PodCidr"/>).
    /// </summary>
    StaticRoutes,
}
