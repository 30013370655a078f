namespace K8sBare.Testing;

/// <summary>
/// Finds files of this repository from a running test. <c>[CallerFilePath]</c> cannot be used for that:
/// CI builds (ContinuousIntegrationBuild) map source paths to <c>/_/</c>.
/// </summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root: the first folder above the test binary that holds K8sBare.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path below the repository root, e.g. <c>Combine("samples", "inventory", "twenty.yaml")</c>.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "K8sBare.sln"))) return dir.FullName;
        throw new InvalidOperationException($"K8sBare.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
