namespace K8sBare.Remote.Files;

/// <summary>Checks for host paths.</summary>
internal static class RemotePath
{
    public static void Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path[0] != '/')
            throw new ArgumentException($"'{path}' is not an absolute host path; host paths start with '/'.", nameof(path));
        if (path.Contains('\0') || path.Contains('\n'))
            throw new ArgumentException($"host path '{path.Replace("\n", "\\n", StringComparison.Ordinal)}' contains a NUL or newline character.", nameof(path));
        foreach (var seg in path.Split('/'))
            if (seg == "..")
                throw new ArgumentException($"host path '{path}' contains '..'; give a normalized absolute path.", nameof(path));
    }

    public static string Parent(string path)
    {
        var trimmed = path.TrimEnd('/');
        var i = trimmed.LastIndexOf('/');
        return i <= 0 ? "/" : trimmed[..i];
    }
}
