namespace K8sBare.Units.Tests;

public class PublicDocsTests
{
    [Fact]
    public void Every_public_parameter_is_documented()
    {
        var missing = PublicDocs.UndocumentedParameters(typeof(UnitsException).Assembly);
        Assert.True(missing.Count == 0, $"{missing.Count} undocumented parameter(s) in K8sBare.Units:\n" + string.Join("\n", missing));
    }
}
