namespace K8sBare.Units.Flags;

/// <summary>A command-line flag that a component no longer accepts from <see cref="RemovedIn"/> on.</summary>
/// <param name="Component">The component.</param>
/// <param name="Flag">Flag name without dashes, e.g. <c>network-plugin</c>.</param>
/// <param name="RemovedIn">First version that rejects the flag (Kubernetes version for Kubernetes components, etcd version for etcd).</param>
/// <param name="Replacement">What to use instead.</param>
/// <param name="Source">Upstream reference (PR or changelog).</param>
public sealed record RemovedFlag(ComponentKind Component, string Flag, Version RemovedIn, string Replacement, string Source)
{
    /// <summary>The error text for a caller who asked for this flag on <paramref name="target"/>.</summary>
    /// <param name="target">The component version the flag was asked for (major.minor are shown).</param>
    public string Describe(Version target) =>
        $"--{Flag} was removed from {ComponentNames.Binary(Component)} in {VersionName(Component)} " +
        $"{RemovedIn.Major}.{RemovedIn.Minor} (target is {target.Major}.{target.Minor}); {Replacement} [{Source}]";

    /// <summary>Whose version numbers a component's flags follow: "etcd", "flannel" or "Kubernetes".</summary>
    /// <param name="component">The component.</param>
    public static string VersionName(ComponentKind component) => component switch
    {
        ComponentKind.Etcd => "etcd",
        ComponentKind.Flanneld => "flannel",
        ComponentKind.Containerd => "containerd",
        ComponentKind.CoreDns => "CoreDNS",
        _ => "Kubernetes",
    };
}
