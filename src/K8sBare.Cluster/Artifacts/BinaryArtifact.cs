namespace K8sBare.Cluster.Artifacts;

/// <summary>A binary a host needs.</summary>
/// <param name="Name">The binary name.</param>
/// <param name="HostPath">Where it is (or goes) on the host.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Component">The component it belongs to.</param>
public sealed record BinaryArtifact(string Name, string HostPath, BinarySource Source, ClusterComponent Component);
