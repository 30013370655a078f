namespace K8sBare.Cluster.Operations;

/// <summary>The outcome of an etcd rolling upgrade: one entry per member, in upgrade order.</summary>
/// <param name="Members">Each member's versions before and after, and how long from its stop to healthy on the new release.</param>
public sealed record EtcdUpgradeResult(IReadOnlyList<EtcdMemberUpgrade> Members);

/// <summary>One member's upgrade.</summary>
/// <param name="Member">The member name.</param>
/// <param name="Before">The server version it reported before.</param>
/// <param name="After">The server version it reports after.</param>
/// <param name="Duration">From the start of its replacement to healthy on the new release.</param>
public sealed record EtcdMemberUpgrade(string Member, string Before, string After, TimeSpan Duration);
