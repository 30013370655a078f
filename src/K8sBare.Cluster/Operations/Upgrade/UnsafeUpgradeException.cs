namespace K8sBare.Cluster.Operations;

/// <summary>A cluster upgrade refused before anything changed; <see cref="Plan"/> holds the reasons (<see cref="ClusterUpgradePlan.Refusals"/>).</summary>
public sealed class UnsafeUpgradeException : InvalidOperationException
{
    /// <summary>Creates the exception for a refused plan.</summary>
    /// <param name="plan">The refused plan.</param>
    public UnsafeUpgradeException(ClusterUpgradePlan plan)
        : base($"The upgrade of cluster '{plan.Target.Name}' is refused; nothing was changed:\n" + string.Join("\n", plan.Refusals.Select(r => "  - " + r))) =>
        Plan = plan;

    /// <summary>The refused plan.</summary>
    public ClusterUpgradePlan Plan { get; }
}
