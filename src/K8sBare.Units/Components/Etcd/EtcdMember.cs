namespace K8sBare.Units.Components;

/// <summary>One entry of etcd's <c>--initial-cluster</c>: a member name and its peer URL.</summary>
/// <param name="Name">Member name (<c>--name</c> of that member).</param>
/// <param name="PeerUrl">Its peer URL, e.g. <c>https://10.0.0.11:2380</c>.</param>
public sealed record EtcdMember(string Name, string PeerUrl)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}={PeerUrl}";
}
