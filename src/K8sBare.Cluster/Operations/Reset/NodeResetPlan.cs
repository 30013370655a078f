namespace K8sBare.Cluster.Operations;

/// <summary>What a reset removes from one host (everything K8sBare places there), decided before anything changes.</summary>
public sealed record NodeResetPlan
{
    /// <summary>The node.</summary>
    public required string Host { get; init; }

    /// <summary>Services stopped, disabled and uninstalled (reverse start order).</summary>
    public required IReadOnlyList<string> Services { get; init; }

    /// <summary>Files removed (configuration, certificates, keys, kubeconfigs, unit files and scripts).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Binaries K8sBare uploaded, removed.</summary>
    public required IReadOnlyList<string> Binaries { get; init; }

    /// <summary>Links K8sBare made to binaries already on the host, removed only while they still point there (the target stays).</summary>
    public required IReadOnlyDictionary<string, string> Links { get; init; }

    /// <summary>Directories K8sBare creates (data dirs and its own state), removed with their contents.</summary>
    public required IReadOnlyList<string> Directories { get; init; }

    /// <summary>Parent directories removed only when empty afterwards (deepest first); system directories are never candidates.</summary>
    public required IReadOnlyList<string> EmptyParents { get; init; }

    /// <summary>The ordered steps, for display.</summary>
    public IReadOnlyList<string> Steps =>
    [
        $"stop, disable and uninstall {Services.Count} service(s): {string.Join(", ", Services)}",
        $"remove {Files.Count} file(s), {Binaries.Count} uploaded binary(ies), {Links.Count} link(s) to host binaries (targets kept)",
        $"remove {Directories.Count} directory(ies) with contents: {string.Join(", ", Directories)}",
        $"remove parent directories left empty (of {EmptyParents.Count} candidates); re-enable swap entries K8sBare commented out in /etc/fstab",
        "check that none of these paths remains and no service runs",
    ];

    /// <inheritdoc />
    public override string ToString() => $"reset {Host}:" + Environment.NewLine + string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i + 1}. {s}"));
}
