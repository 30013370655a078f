namespace K8sBare.Cluster.Operations;

/// <summary>One etcd member in a rolling upgrade.</summary>
/// <param name="Name">The member name.</param>
/// <param name="ClientUrl">Its client URL (its own health and version are read there).</param>
public sealed record EtcdUpgradeMember(string Name, Uri ClientUrl);
