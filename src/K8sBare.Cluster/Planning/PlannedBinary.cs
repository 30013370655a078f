namespace K8sBare.Cluster.Planning;

/// <summary>A binary and what would happen to it.</summary>
/// <param name="Name">The binary.</param>
/// <param name="HostPath">Its install path.</param>
/// <param name="Change">Unchanged (present), Upload, Link or Blocked (missing, no source).</param>
public sealed record PlannedBinary(string Name, string HostPath, PlannedChange Change);
