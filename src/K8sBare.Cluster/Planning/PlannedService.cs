namespace K8sBare.Cluster.Planning;

/// <summary>A service and what would happen to it.</summary>
/// <param name="Name">The service.</param>
/// <param name="Change">Unchanged, Create (install), Start, Change (restart) or Blocked (binary missing).</param>
/// <param name="Reason">Why (e.g. which files changed, which binary is missing).</param>
public sealed record PlannedService(string Name, PlannedChange Change, string? Reason = null);
