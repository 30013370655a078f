namespace K8sBare.Cluster.Operations;

/// <summary>Which part of a cluster upgrade a node's step belongs to (they run in this order).</summary>
public enum UpgradeNodeKind
{
    /// <summary>An etcd member (with its control plane when the node has one), one at a time, the cluster healthy between members.</summary>
    EtcdMember,

    /// <summary>A control-plane node, one at a time.</summary>
    ControlPlane,

    /// <summary>A worker: cordoned and drained, upgraded, Ready on the new versions, uncordoned; one at a time.</summary>
    Worker,
}
