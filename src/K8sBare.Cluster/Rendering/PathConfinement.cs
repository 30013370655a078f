namespace K8sBare.Cluster.Rendering;

/// <summary>
/// Joins a root folder and a name built from user input, refusing any result outside the root ("..", absolute
/// names, separators). Validation already refuses such names; this is the second wall at the point of use.
/// </summary>
internal static class PathConfinement
{
    /// <summary>The full path of <paramref name="name"/> directly or deeper under <paramref name="root"/>.</summary>
    /// <exception cref="InvalidOperationException">The name would leave the root.</exception>
    public static string Under(string root, string name, string what)
    {
        var fullRoot = Path.GetFullPath(root);
        if (string.IsNullOrEmpty(name) || Path.IsPathRooted(name) || name.Contains('\0', StringComparison.Ordinal))
            throw new InvalidOperationException($"K8sBare refused the path '{name}' ({what}): it must be a relative name inside '{fullRoot}'.");
        var full = Path.GetFullPath(Path.Combine(fullRoot, name));
        var prefix = fullRoot.EndsWith(Path.DirectorySeparatorChar) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"K8sBare refused the path '{name}' ({what}): it leaves '{fullRoot}'.");
        return full;
    }
}
