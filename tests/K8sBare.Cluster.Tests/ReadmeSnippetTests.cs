using System.Text.RegularExpressions;
using K8sBare.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace K8sBare.Cluster.Tests;

/// <summary>
/// Reviewer's finding: README snippets left out the usings a user needs (K8sBare.Cluster.Validation, .Apply,
/// .Management, K8sBare.Remote.Transports). Every C# snippet of README.md, the package READMEs and samples/README.md
/// compiles as written — as the Program.cs of a new console project (its implicit usings, nothing else) that
/// references the five packages — so the READMEs stay true to the code.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    // `dotnet new console`'s implicit usings (Microsoft.NET.Sdk, ImplicitUsings=enable).
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var readme in Readmes())
            for (var i = 0; i < CsharpBlock().Matches(File.ReadAllText(RepositoryPaths.Combine(readme))).Count; i++)
                data.Add(readme, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_snippet_compiles_as_written(string readme, int index)
    {
        var snippet = CsharpBlock().Matches(File.ReadAllText(RepositoryPaths.Combine(readme)))[index].Groups[1].Value;
        var errors = Compile(snippet);
        Assert.True(errors.Count == 0, $"{readme} C# snippet {index + 1}:\n{string.Join("\n", errors)}\n---\n{snippet}");
    }

    [Fact]
    public void Every_readme_with_csharp_is_checked_and_a_missing_using_fails()
    {
        Assert.Contains("README.md", Readmes());
        Assert.True(Snippets().Count() >= 8);
        // The README's own example before the fix: no using for ValidationOptions (K8sBare.Cluster.Validation).
        var errors = Compile("using K8sBare.Cluster;\nusing K8sBare.Cluster.Apply;\nvar spec = ClusterBuilder.Create(\"x\").AddControlPlane(\"m\", \"10.0.0.1\").Build();\nvar report = spec.Validate(ValidationOptions.ForRender);\n");
        Assert.Contains(errors, e => e.Contains("ValidationOptions", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Readmes() =>
        new[] { "README.md", Path.Combine("samples", "README.md") }
            .Concat(Directory.GetDirectories(RepositoryPaths.Combine("src")).Select(d => Path.Combine("src", Path.GetFileName(d), "README.md")))
            .Where(r => File.Exists(RepositoryPaths.Combine(r)))
            .ToList();

    private static List<string> Compile(string snippet)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith("xunit", StringComparison.Ordinal)
                && !Path.GetFileName(p).StartsWith("K8sBare.Cluster.Tests", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Snippet",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, options), CSharpSyntaxTree.ParseText(snippet, options, "Program.cs")],
            references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsharpBlock();
}
