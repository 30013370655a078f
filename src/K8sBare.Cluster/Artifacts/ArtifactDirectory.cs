namespace K8sBare.Cluster.Artifacts;

/// <summary>A directory a host needs (data dirs with tight modes, e.g. <c>/var/lib/etcd</c> 0700).</summary>
/// <param name="Path">The absolute path.</param>
/// <param name="Mode">Permission bits.</param>
/// <param name="Component">The component that uses it.</param>
public sealed record ArtifactDirectory(string Path, UnixFileMode Mode, ClusterComponent Component);
