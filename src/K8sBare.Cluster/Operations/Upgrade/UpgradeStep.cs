namespace K8sBare.Cluster.Operations;

/// <summary>One host's step of an upgrade, in order.</summary>
/// <param name="Order">1-based position.</param>
/// <param name="Host">The node.</param>
/// <param name="Components">The components upgraded on it (binaries replaced, services restarted).</param>
/// <param name="Drain">True for workers: cordon and drain before, uncordon after.</param>
/// <param name="Gate">What must hold before the next step starts.</param>
/// <param name="VersionsAfter">The cluster's component versions once the step is done (checked against <see cref="VersionSkewPolicy"/>).</param>
public sealed record UpgradeStep(int Order, string Host, IReadOnlyList<string> Components, bool Drain, string Gate, IReadOnlyList<ComponentVersion> VersionsAfter);
