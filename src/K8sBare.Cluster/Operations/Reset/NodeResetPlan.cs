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

    /// <summary>What the node's running Kubernetes left that no rendered file names (containers, mounts, interfaces, routes, CNI and kube-proxy state).</summary>
    public NodeRuntimeCleanup Runtime { get; init; } = new();

    /// <summary>The ordered steps, for display.</summary>
    public IReadOnlyList<string> Steps =>
    [
        .. Runtime.ContainerNamespace is { } ns
            ? (string[])[$"stop the kubelet, then remove every container of containerd namespace {ns} (tasks killed, containers and snapshots removed)"]
            : [],
        $"stop, disable and uninstall {Services.Count} service(s): {string.Join(", ", Services)}",
        .. Runtime.IsEmpty ? [] : (string[])[RuntimeStep()],
        $"remove {Files.Count} file(s), {Binaries.Count} uploaded binary(ies), {Links.Count} link(s) to host binaries (targets kept)",
        $"remove {Directories.Count} directory(ies) with contents: {string.Join(", ", Directories)}",
        $"remove parent directories left empty (of {EmptyParents.Count} candidates); re-enable swap entries K8sBare commented out in /etc/fstab",
        "check that none of these paths remains and no service runs",
    ];

    private string RuntimeStep()
    {
        var parts = new List<string>();
        if (Runtime.KubeProxyBinary is { } kp) parts.Add($"kube-proxy's rules ({kp} --cleanup)");
        if (Runtime.KubeletRoot is { } root) parts.Add($"mounts under {root}");
        if (Runtime.CniNetwork is { } net) parts.Add($"network namespaces of CNI network {net}");
        if (Runtime.Interfaces.Count > 0) parts.Add("interfaces " + string.Join(", ", Runtime.Interfaces));
        if (Runtime.Routes.Count > 0) parts.Add("routes " + string.Join(", ", Runtime.Routes.Select(r => $"{r.Range} via {r.Via}")));
        if (Runtime.CniState.Count > 0) parts.Add("CNI state " + string.Join(", ", Runtime.CniState));
        return "remove runtime state: " + string.Join("; ", parts);
    }

    /// <inheritdoc />
    public override string ToString() => $"reset {Host}:" + Environment.NewLine + string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i + 1}. {s}"));
}
