using System.Xml.Linq;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests;

/// <summary>Every public parameter of K8sBare.Cluster is documented (the whole package, as for Pki, Units, Remote and Etcd).</summary>
public sealed class PublicDocsTests
{
    private static readonly System.Reflection.Assembly Cluster = typeof(ClusterSpec).Assembly;

    [Fact]
    public void Every_public_parameter_is_documented() => PublicDocs.AssertAllParametersDocumented(Cluster);

    // The checker against the package's real documentation file with one doc taken out: it must name exactly that parameter.
    [Theory]
    [InlineData("M:K8sBare.Cluster.ComponentPlacement.Runs(K8sBare.Cluster.ClusterSpec,K8sBare.Cluster.NodeSpec,K8sBare.Cluster.ClusterComponent)", "component")]
    [InlineData("M:K8sBare.Cluster.ClusterBuilder.WithCertificateSubject(K8sBare.Cluster.CertificateSubject)", "subject")]
    public void The_checker_names_a_parameter_whose_doc_is_removed(string member, string parameter)
    {
        var xml = XDocument.Load(Path.ChangeExtension(Cluster.Location, ".xml"));
        xml.Descendants("member").Single(m => (string?)m.Attribute("name") == member)
            .Elements("param").Single(p => (string?)p.Attribute("name") == parameter).Remove();
        Assert.Equal([$"{member}: {parameter}"], PublicDocs.UndocumentedParameters(Cluster, xml));
    }
}
