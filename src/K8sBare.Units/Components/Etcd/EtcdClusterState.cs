namespace K8sBare.Units.Components;

/// <summary>etcd's <c>--initial-cluster-state</c>.</summary>
public enum EtcdClusterState
{
    /// <summary>Bootstrapping a new cluster (every initial member starts with <c>new</c>).</summary>
    New,

    /// <summary>Joining a running cluster after <c>etcdctl member add</c>.</summary>
    Existing,
}
