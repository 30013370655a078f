using K8sBare.Pki.Keys;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

public class PublicDocsTests
{
    [Fact]
    public void Every_public_parameter_is_documented()
    {
        var missing = PublicDocs.UndocumentedParameters(typeof(KeyPair).Assembly);
        Assert.True(missing.Count == 0, $"{missing.Count} undocumented parameter(s) in K8sBare.Pki:\n" + string.Join("\n", missing));
    }
}
