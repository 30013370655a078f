namespace K8sBare.Pki;

/// <summary>
/// The rules for names that become parts of paths (store entry names, node names in layout paths): every path the
/// PKI builds from a name stays under its root. One home for the check; <see cref="Generation.PkiStore"/> and
/// <see cref="Catalog.PkiLayout.ForNode"/> call it at the point of use, <see cref="Catalog.ClusterTopology.Validate"/>
/// reports the same problems up front.
/// </summary>
internal static class StoreNames
{
    /// <summary>Why <paramref name="segment"/> cannot be one path segment, or null when it can.</summary>
    public static string? SegmentProblem(string? segment) => segment switch
    {
        null or "" => "it is empty",
        "." or ".." => $"'{segment}' would name a folder instead of a file in it",
        _ when segment.Contains('/', StringComparison.Ordinal) => "it contains '/'",
        _ when segment.Contains('\\', StringComparison.Ordinal) => "it contains '\\'",
        _ when segment.Any(char.IsControl) => "it contains a control character (NUL, newline, …)",
        _ => null,
    };

    /// <summary>Why <paramref name="name"/> cannot be a store entry name ('/'-separated segments), or null when it can.</summary>
    public static string? EntryProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "it is empty";
        if (name[0] == '/') return "it is absolute; entry names are relative to the store";
        foreach (var segment in name.Split('/'))
            if (SegmentProblem(segment) is { } problem)
                return $"its segment '{segment}' is not allowed: {problem}";
        return null;
    }

    /// <summary>
    /// <paramref name="root"/>/<paramref name="relative"/>, checked to stay under <paramref name="root"/> after
    /// normalisation (the second wall behind <see cref="EntryProblem"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a confined entry name.</exception>
    public static string Under(string root, string relative, string name, string paramName)
    {
        if (EntryProblem(name) is { } problem)
            throw new ArgumentException($"PKI store entry name '{Printable(name)}' is refused: {problem}. Use names such as 'ca', 'etcd/ca' or 'kubelet/node-1'.", paramName);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException($"PKI store entry name '{Printable(name)}' is refused: it leaves the store {root}.", paramName);
        return full;
    }

    public static string Printable(string? name) =>
        name is null ? "(null)" : new string(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
