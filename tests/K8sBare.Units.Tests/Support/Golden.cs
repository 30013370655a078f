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

    public static void AssertMatches(string name, string actual) => AssertMatches(Directory, name, actual, Updating, TestEnvironment.IsCI);

    /// <summary>
    /// Compares (or, when <paramref name="updating"/>, rewrites) one golden file. Under CI a rewrite is refused: golden
    /// files are reviewed changes, and a CI run with UPDATE_GOLDEN=1 would otherwise pass whatever it rendered.
    /// </summary>
    internal static void AssertMatches(string directory, string name, string actual, bool updating, bool ci)
    {
        var path = Path.Combine(directory, name + ".txt");
        if (updating && ci)
            Assert.Fail($"UPDATE_GOLDEN=1 under CI (CI=true): golden files are never rewritten by CI. Run UPDATE_GOLDEN=1 locally, review the diff and commit it ({path}).");
        if (updating)
        {
            System.IO.Directory.CreateDirectory(directory);
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
