using System.Xml.Linq;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Unit;

public class PublicDocsTests
{
    private static readonly System.Reflection.Assembly Etcd = typeof(EtcdException).Assembly;

    [Fact]
    public void Every_public_parameter_is_documented() => PublicDocs.AssertAllParametersDocumented(Etcd);

    // The checker against the package's real documentation file with one doc taken out: it must name exactly that parameter.
    [Theory]
    [InlineData("M:K8sBare.Etcd.EtcdCondition.ValueEquals(System.String)", "value")]
    [InlineData("M:K8sBare.Etcd.FlannelEtcdStore.#ctor(K8sBare.Etcd.IEtcdClient,System.String)", "prefix")]
    public void The_checker_names_a_parameter_whose_doc_is_removed(string member, string parameter)
    {
        var xml = XDocument.Load(Path.ChangeExtension(Etcd.Location, ".xml"));
        xml.Descendants("member").Single(m => (string?)m.Attribute("name") == member)
            .Elements("param").Single(p => (string?)p.Attribute("name") == parameter).Remove();
        Assert.Equal([$"{member}: {parameter}"], PublicDocs.UndocumentedParameters(Etcd, xml));
    }
}
