using K8sBare.Units;

namespace K8sBare.Cluster.Operations;

/// <summary>A Kubernetes upgrade as ordered host steps: control-plane nodes one at a time, then workers drained one at a time.</summary>
public sealed record UpgradePlan
{
    /// <summary>The version today.</summary>
    public required KubernetesVersion From { get; init; }

    /// <summary>The target.</summary>
    public required KubernetesVersion To { get; init; }

    /// <summary>The steps; every intermediate state satisfies the skew policy (checked when planned).</summary>
    public required IReadOnlyList<UpgradeStep> Steps { get; init; }

    /// <inheritdoc />
    public override string ToString() => Steps.Count == 0
        ? $"The cluster runs Kubernetes {From} (versions.kubernetes) already: nothing to upgrade."
        : $"Kubernetes {From} → {To}:" + Environment.NewLine + string.Join(Environment.NewLine,
        Steps.Select(s => $"{s.Order}. {s.Host}: {(s.Drain ? "cordon, drain, " : "")}upgrade {string.Join(", ", s.Components)}{(s.Drain ? ", uncordon" : "")}; gate: {s.Gate}"));
}
