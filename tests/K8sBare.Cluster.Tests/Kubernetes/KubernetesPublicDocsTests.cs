using K8sBare.Cluster.Kubernetes;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Kubernetes;

public sealed class KubernetesPublicDocsTests
{
    [Fact]
    public void Every_public_parameter_of_the_Kubernetes_namespace_and_DI_is_documented()
    {
        var missing = PublicDocs.UndocumentedParameters(typeof(NodeDrain).Assembly)
            .Where(m => m.Contains("K8sBare.Cluster.Kubernetes.", StringComparison.Ordinal) || m.Contains("K8sBare.Cluster.DependencyInjection.", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} undocumented parameter(s):\n" + string.Join("\n", missing));
    }
}
