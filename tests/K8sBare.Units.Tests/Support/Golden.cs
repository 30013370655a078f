using K8sBare.Testing;
namespace K8sBare.Units.Tests.Support;

/// <summary>
/// Golden-file comparison: tests/K8sBare.Units.Tests/Golden/&lt;name&gt;.txt must equal the rendered text byte for byte.
/// Run with UPDATE_GOLDEN=1 to rewrite the files (then review the diff).
/// </summary>
public static class Golden
{
    public static string Directory { get; } = Locate();

    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Directory, name + ".txt");
        if (Updating)
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 to create it, then review it.");
        var expected = File.ReadAllText(path);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = 0;
            while (line < Math.Min(e.Length, a.Length) && e[line] == a[line]) line++;
            Assert.Fail($"{name}: rendered text differs from {path} at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<eof>")}\n  actual:   {(line < a.Length ? a[line] : "<eof>")}\n(UPDATE_GOLDEN=1 rewrites golden files.)");
        }
    }

    // [CallerFilePath] is path-mapped under CI builds, so the folder is found from the repository root.
    private static string Locate() => RepositoryPaths.Combine("tests", "K8sBare.Units.Tests", "Golden");
}
