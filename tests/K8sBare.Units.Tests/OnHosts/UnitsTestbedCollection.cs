namespace K8sBare.Units.Tests.OnHosts;

/// <summary>The tests that run rendered units and scripts on the real hosts of <see cref="UnitsTestbedFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class UnitsTestbedCollection : ICollectionFixture<UnitsTestbedFixture>
{
    public const string Name = "K8sBare.Units testbed (OpenRC + systemd hosts)";
}
