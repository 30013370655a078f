namespace K8sBare.Cluster.Tests.Support.ApiServer;

/// <summary>The collection sharing one <see cref="ApiServerFixture"/>: <c>[Collection(ApiServerCollection.Name)]</c> and take the fixture in the constructor.</summary>
[CollectionDefinition(Name)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServerFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare: real kube-apiserver on loopback";
}
