namespace K8sBare.Cluster;

/// <summary>The roles a node plays in the cluster. A node may combine several.</summary>
[Flags]
public enum NodeRoles
{
    /// <summary>No role (invalid: every node needs at least one).</summary>
    None = 0,

    /// <summary>Runs kube-apiserver, kube-controller-manager and kube-scheduler.</summary>
    ControlPlane = 1,

    /// <summary>Runs an etcd member.</summary>
    Etcd = 2,

    /// <summary>Runs containerd, flannel, kubelet, kube-proxy (and CoreDNS when it runs on workers).</summary>
    Worker = 4,
}
