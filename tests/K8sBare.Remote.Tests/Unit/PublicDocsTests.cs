using System.Xml.Linq;
using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

public sealed class PublicDocsTests
{
    private static readonly System.Reflection.Assembly Remote = typeof(IHostConnection).Assembly;

    [Fact]
    public void Every_public_parameter_is_documented() => PublicDocs.AssertAllParametersDocumented(Remote);

    // The checker against the compiler's own documentation file with one doc taken out or emptied: it must name exactly
    // that parameter (so a green run above means something). Test projects emit no XML docs, hence the package's file.
    [Theory]
    [InlineData("M:K8sBare.Remote.Transports.SshNetConnection.ConnectAsync(K8sBare.Remote.Transports.SshNetOptions,Microsoft.Extensions.Logging.ILogger,System.Threading.CancellationToken)", "options", false)]
    [InlineData("M:K8sBare.Remote.Transports.KnownHostsFile.Add(System.String,System.Nullable{System.Int32},System.String)", "publicKey", true)]
    public void The_checker_names_a_parameter_whose_doc_is_removed_or_empty(string member, string parameter, bool emptyInsteadOfRemoved)
    {
        var xml = XDocument.Load(Path.ChangeExtension(Remote.Location, ".xml"));
        var param = xml.Descendants("member").Single(m => (string?)m.Attribute("name") == member)
            .Elements("param").Single(p => (string?)p.Attribute("name") == parameter);
        if (emptyInsteadOfRemoved) param.RemoveNodes();
        else param.Remove();

        Assert.Equal([$"{member}: {parameter}"], PublicDocs.UndocumentedParameters(Remote, xml));
    }
}
