using K8sBare.Cluster.Management;
using k8s;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.DependencyInjection;

/// <summary>Shortcuts over the registered <see cref="ClusterManager"/> (plan, apply, connect) with the options configured in DI.</summary>
/// <param name="manager">The manager.</param>
public sealed class K8sBareClient(ClusterManager manager)
{
    /// <summary>The manager these shortcuts call.</summary>
    public ClusterManager Manager { get; } = manager ?? throw new ArgumentNullException(nameof(manager));

    /// <summary>Plans <paramref name="spec"/> against its hosts (<see cref="ClusterManager.PlanAsync"/>).</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<ClusterPlan> PlanAsync(ClusterSpec spec, CancellationToken cancellationToken = default) =>
        Manager.PlanAsync(spec, cancellationToken: cancellationToken);

    /// <summary>Applies <paramref name="spec"/> (all phases, or the given ones).</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="phases">Phases to run; null for all.</param>
    /// <param name="progress">Progress events for this call (besides the manager's).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<ApplyResult> ApplyAsync(ClusterSpec spec, IReadOnlyList<ApplyPhase>? phases = null, IProgress<ApplyEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = Manager.OptionsFor(spec, new OperationScope { Phases = phases });
        if (progress is not null) options = options with { Progress = options.Progress is { } both ? new Tee(both, progress) : progress };
        return Manager.Applier.ApplyAsync(spec, options, cancellationToken);
    }

    /// <summary>
    /// The official client (<see cref="IKubernetes"/>) as the cluster admin of <paramref name="spec"/>, from the configured
    /// PKI store (see <see cref="ClusterKubernetes.ConnectAsync"/>). The caller disposes it.
    /// </summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="cancellationToken">Cancels loading the PKI.</param>
    /// <exception cref="DirectoryNotFoundException">The configured store does not hold the cluster CA.</exception>
    public Task<IKubernetes> ConnectAsync(ClusterSpec spec, CancellationToken cancellationToken = default) =>
        Manager.ConnectKubernetesAsync(spec, cancellationToken);

    private sealed class Tee(IProgress<ApplyEvent> a, IProgress<ApplyEvent> b) : IProgress<ApplyEvent>
    {
        public void Report(ApplyEvent value)
        {
            a.Report(value);
            b.Report(value);
        }
    }
}
