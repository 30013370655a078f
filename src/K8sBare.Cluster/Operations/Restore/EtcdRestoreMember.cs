namespace K8sBare.Cluster.Operations;

/// <summary>One member of the restored etcd cluster: its name, peer URL and where its data dir is made.</summary>
/// <param name="Name">The member name (the node name).</param>
/// <param name="PeerUrl">Its peer URL (<c>https://ADDRESS:2380</c>, as rendered).</param>
/// <param name="DataDir">Its data dir on its host (<c>/var/lib/etcd</c>).</param>
public sealed record EtcdRestoreMember(string Name, string PeerUrl, string DataDir);
