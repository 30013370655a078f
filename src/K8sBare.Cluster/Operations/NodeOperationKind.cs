namespace K8sBare.Cluster.Operations;

/// <summary>A day-2 node operation.</summary>
public enum NodeOperationKind
{
    /// <summary>A node joins the cluster (an etcd node as a learner first).</summary>
    Add,

    /// <summary>A node leaves: drained, its Node object and etcd member removed, its host stopped and cleaned when reachable.</summary>
    Remove,

    /// <summary>A dead control-plane/etcd node is replaced: its member removed by ID without contacting it, the replacement joined afresh.</summary>
    Replace,
}
