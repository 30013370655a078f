using System.Xml.Linq;

namespace K8sBare.Units.Tests;

public class PublicDocsTests
{
    private static readonly System.Reflection.Assembly Units = typeof(UnitsException).Assembly;

    [Fact]
    public void Every_public_parameter_is_documented() => PublicDocs.AssertAllParametersDocumented(Units);

    // The checker against the compiler's documentation file with docs taken out (test projects emit none).
    [Fact]
    public void The_checker_names_an_undocumented_operator_parameter_and_a_member_without_docs()
    {
        var xml = Load();
        Member(xml, "M:K8sBare.Units.KubernetesVersion.op_LessThan(K8sBare.Units.KubernetesVersion,K8sBare.Units.KubernetesVersion)")
            .Elements("param").Single(p => (string?)p.Attribute("name") == "right").Remove();
        Member(xml, "M:K8sBare.Units.RenderedFile.WithPath(System.String)").Remove();

        Assert.Equal(
            [
                "M:K8sBare.Units.KubernetesVersion.op_LessThan(K8sBare.Units.KubernetesVersion,K8sBare.Units.KubernetesVersion): right",
                "M:K8sBare.Units.RenderedFile.WithPath(System.String): no documentation",
            ],
            PublicDocs.UndocumentedParameters(Units, xml).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Inheritdoc_stands_in_for_param_docs()
    {
        var xml = Load();
        var member = Member(xml, "M:K8sBare.Units.RenderedFile.WithPath(System.String)");
        member.RemoveNodes();
        member.Add(new XElement("inheritdoc"));

        Assert.Empty(PublicDocs.UndocumentedParameters(Units, xml));
    }

    private static XDocument Load() => XDocument.Load(Path.ChangeExtension(Units.Location, ".xml"));

    private static XElement Member(XDocument xml, string id) =>
        xml.Descendants("member").Single(m => (string?)m.Attribute("name") == id);
}
