using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>The shared three-host cluster testbed for this test assembly.</summary>
[CollectionDefinition(TestbedCollections.Cluster)]
public sealed class ClusterTestbedCollection : ICollectionFixture<ClusterTestbedFixture>;
