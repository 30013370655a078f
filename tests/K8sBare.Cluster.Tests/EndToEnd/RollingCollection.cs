using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>A test bed of its own for the rolling restart: cp-1, cp-2, cp-3 (systemd), each an etcd member and a control-plane node.</summary>
[CollectionDefinition(Name)]
public sealed class RollingCollection : ICollectionFixture<RollingTestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare testbed: rolling restart";
}

/// <summary>Starts the three control-plane hosts once for <see cref="RollingCollection"/>.</summary>
public sealed class RollingTestbedFixture() : OwnTestbedFixture(new TestbedOptions { SystemdHosts = Hosts }, "rolling")
{
    /// <summary>The hosts.</summary>
    public static IReadOnlyList<string> Hosts { get; } = ["cp-1", "cp-2", "cp-3"];
}
