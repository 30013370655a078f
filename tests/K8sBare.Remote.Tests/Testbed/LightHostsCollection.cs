using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Testbed;

/// <summary>One light-hosts testbed shared by every test class in <see cref="TestbedCollections.Light"/>.</summary>
[CollectionDefinition(TestbedCollections.Light)]
public sealed class LightHostsCollection : ICollectionFixture<LightHostsFixture>;
