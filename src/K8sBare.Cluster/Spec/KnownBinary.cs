namespace K8sBare.Cluster;

/// <summary>A binary K8sBare knows how to place: its name, install path and owning component.</summary>
/// <param name="Name">The binary name, used as the key of <see cref="ClusterSpec.Binaries"/>.</param>
/// <param name="InstallPath">Where it is installed on a host.</param>
/// <param name="Component">The component it belongs to.</param>
public sealed record KnownBinary(string Name, string InstallPath, ClusterComponent Component);
