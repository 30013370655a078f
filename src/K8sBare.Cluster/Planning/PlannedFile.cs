using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Planning;

/// <summary>A file and what would happen to it (compared by sha256, mode and owner).</summary>
/// <param name="Path">The host path.</param>
/// <param name="Change">Unchanged, Create or Change.</param>
/// <param name="Kind">What the file is.</param>
/// <param name="Component">Its component.</param>
public sealed record PlannedFile(string Path, PlannedChange Change, ArtifactKind Kind, ClusterComponent Component);
