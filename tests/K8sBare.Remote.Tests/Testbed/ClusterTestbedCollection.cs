using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Testbed;

/// <summary>One cluster testbed shared by every test class in <see cref="TestbedCollections.Cluster"/>.</summary>
[CollectionDefinition(TestbedCollections.Cluster)]
public sealed class ClusterTestbedCollection : ICollectionFixture<ClusterTestbedFixture>;
