using k8s;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;
using Microsoft.Extensions.Options;

namespace K8sBare.Cluster.DependencyInjection;

/// <summary>Plan and apply with the options configured in DI (PKI store, transport).</summary>
/// <param name="options">The configured options.</param>
/// <param name="applier">The applier.</param>
/// <param name="planner">The planner.</param>
public sealed class K8sBareClient(IOptions<K8sBareOptions> options, ClusterApplier applier, ClusterPlanner planner)
{
    /// <summary>Plans <paramref name="spec"/> against its hosts.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<ClusterPlan> PlanAsync(ClusterSpec spec, CancellationToken cancellationToken = default) =>
        planner.PlanAsync(spec, options.Value.PkiDirectory, cancellationToken: cancellationToken);

    /// <summary>Applies <paramref name="spec"/> (all phases, or the given ones).</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="phases">Phases to run; null for all.</param>
    /// <param name="progress">Progress events.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<ApplyResult> ApplyAsync(ClusterSpec spec, IReadOnlyList<ApplyPhase>? phases = null, IProgress<ApplyEvent>? progress = null, CancellationToken cancellationToken = default) =>
        applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = options.Value.PkiDirectory, Phases = phases, Progress = progress }, cancellationToken);

    /// <summary>
    /// The official client (<see cref="IKubernetes"/>) as the cluster admin of <paramref name="spec"/>, from the configured
    /// PKI store (see <see cref="ClusterKubernetes.ConnectAsync"/>). The caller disposes it.
    /// </summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="cancellationToken">Cancels loading the PKI.</param>
    /// <exception cref="DirectoryNotFoundException">The configured store does not hold the cluster CA.</exception>
    public Task<IKubernetes> ConnectAsync(ClusterSpec spec, CancellationToken cancellationToken = default) =>
        ClusterKubernetes.ConnectAsync(spec, options.Value.PkiDirectory, new KubernetesConnectionOptions { Server = options.Value.ApiServer }, cancellationToken: cancellationToken);
}
