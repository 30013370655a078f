using System.Xml.Linq;
using K8sBare.Pki.Keys;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

public class PublicDocsTests
{
    private static readonly System.Reflection.Assembly Pki = typeof(KeyPair).Assembly;

    [Fact]
    public void Every_public_parameter_is_documented() => PublicDocs.AssertAllParametersDocumented(Pki);

    // The checker against the compiler's own documentation file with one doc taken out: it must name exactly that
    // parameter (so a green run above means something). Test projects emit no XML docs, hence a real package's file.
    [Theory]
    [InlineData("M:K8sBare.Pki.Catalog.PkiLayout.ForNode(System.String,System.String)", "node", false)]
    [InlineData("P:K8sBare.Pki.Catalog.CertificateCatalog.Item(System.String)", "name", false)]
    [InlineData("M:K8sBare.Pki.Keys.KeyPair.Load(System.String)", "path", true)]
    public void The_checker_names_a_parameter_whose_doc_is_removed_or_empty(string member, string parameter, bool emptyInsteadOfRemoved)
    {
        var xml = XDocument.Load(Path.ChangeExtension(Pki.Location, ".xml"));
        var param = xml.Descendants("member").Single(m => (string?)m.Attribute("name") == member)
            .Elements("param").Single(p => (string?)p.Attribute("name") == parameter);
        if (emptyInsteadOfRemoved) param.RemoveNodes();
        else param.Remove();

        Assert.Equal([$"{member}: {parameter}"], PublicDocs.UndocumentedParameters(Pki, xml));
    }
}
