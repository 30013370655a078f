namespace K8sBare.Testing.Testbed;

/// <summary>
/// Names for xunit collections that share one testbed per test assembly. xunit only sees a
/// <c>[CollectionDefinition]</c> in the test assembly itself, so each test project declares it once:
/// <code>
/// [CollectionDefinition(TestbedCollections.Light)]
/// public sealed class LightHostsCollection : ICollectionFixture&lt;LightHostsFixture&gt;;
/// </code>
/// and its test classes take <c>[Collection(TestbedCollections.Light)]</c> plus the fixture in their constructor.
/// (K8sBare.Remote.Tests declares both in its Testbed folder.)
/// </summary>
public static class TestbedCollections
{
    /// <summary>Collection sharing a <see cref="LightHostsFixture"/>.</summary>
    public const string Light = "K8sBare testbed: light hosts";

    /// <summary>Collection sharing a <see cref="ClusterTestbedFixture"/>.</summary>
    public const string Cluster = "K8sBare testbed: cluster hosts";
}
