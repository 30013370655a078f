using K8sBare.Cluster.Operations;

namespace K8sBare.Cluster.Management;

/// <summary>The cluster upgrade on the entry point.</summary>
public sealed partial class ClusterManager
{
    /// <summary>The cluster upgrade (etcd members, control-plane nodes, then workers drained one at a time).</summary>
    public ClusterUpgrade Upgrade => new(Connections, Defaults.Logger);

    /// <summary>The upgrade options of <paramref name="spec"/>'s cluster: this manager's apply defaults and PKI store, API server, logger.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="progress">Per-node upgrade events, or null.</param>
    public ClusterUpgradeOptions UpgradeOptionsFor(ClusterSpec spec, IProgress<UpgradeEvent>? progress = null) => new()
    {
        Apply = OptionsFor(spec),
        ApiServer = ApiServer,
        Progress = progress,
        Logger = Defaults.Logger,
    };

    /// <summary>Plans upgrading <paramref name="current"/> to <paramref name="target"/> (see <see cref="ClusterUpgrade.PlanAsync"/>). Reads only.</summary>
    /// <param name="current">The cluster as it runs.</param>
    /// <param name="target">The same nodes with the new versions and binaries.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public Task<ClusterUpgradePlan> PlanUpgradeAsync(ClusterSpec current, ClusterSpec target, CancellationToken cancellationToken = default) =>
        Upgrade.PlanAsync(current, target, UpgradeOptionsFor(target), cancellationToken);

    /// <summary>Upgrades <paramref name="current"/> to <paramref name="target"/> (see <see cref="ClusterUpgrade.UpgradeAsync"/>).</summary>
    /// <param name="current">The cluster as it runs.</param>
    /// <param name="target">The same nodes with the new versions and binaries.</param>
    /// <param name="progress">Per-node upgrade events, or null.</param>
    /// <param name="cancellationToken">Stops the upgrade (run it again to finish).</param>
    /// <exception cref="UnsafeUpgradeException">Refused; nothing changed.</exception>
    public Task<ClusterUpgradeResult> UpgradeAsync(ClusterSpec current, ClusterSpec target, IProgress<UpgradeEvent>? progress = null, CancellationToken cancellationToken = default) =>
        Upgrade.UpgradeAsync(current, target, UpgradeOptionsFor(target, progress), cancellationToken);
}
