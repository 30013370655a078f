using k8s;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Validation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Management;

/// <summary>
/// The entry point: the configuration users set once (PKI store, transport, logging, progress, rollout — see
/// <see cref="ClusterManagerBuilder"/>) and the operations on a cluster. It is not bound to one cluster: every
/// operation takes the <see cref="ClusterSpec"/> (or a plan made from one). Thread-safe; operations may run
/// at the same time on different clusters. Day-2 operations live in the other parts of this partial class.
/// </summary>
public sealed partial class ClusterManager
{
    private readonly Func<ClusterSpec, string> _pkiDirectory;

    internal ClusterManager(IHostConnectionFactory connections, ILoggerFactory loggerFactory, ApplyOptions defaults, Func<ClusterSpec, string> pkiDirectory, Uri? apiServer)
    {
        Connections = connections;
        LoggerFactory = loggerFactory;
        Defaults = defaults;
        _pkiDirectory = pkiDirectory;
        ApiServer = apiServer;
    }

    /// <summary>How hosts are reached.</summary>
    public IHostConnectionFactory Connections { get; }

    /// <summary>Where loggers come from.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The local PKI store of <paramref name="spec"/>'s cluster.</summary>
    /// <param name="spec">The cluster.</param>
    /// <exception cref="InvalidOperationException">The configured function returned an empty path.</exception>
    public string PkiDirectoryOf(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var dir = _pkiDirectory(spec);
        return string.IsNullOrWhiteSpace(dir)
            ? throw new InvalidOperationException($"The PKI store chosen for cluster '{spec.Name}' is empty; UsePkiDirectory's function must return a folder.")
            : dir;
    }

    /// <summary>The progress sink, or null.</summary>
    public IProgress<ApplyEvent>? Progress => Defaults.Progress;

    /// <summary>How restarts roll.</summary>
    public RolloutOptions Rollout => Defaults.Rollout;

    /// <summary>The API server override for <see cref="ConnectKubernetesAsync"/>, or null for the spec's endpoint.</summary>
    public Uri? ApiServer { get; }

    /// <summary>The options every operation starts from (timeouts, parallelism, progress, logger, rollout; no phases, no scope; the PKI store is set per cluster, see <see cref="OptionsFor"/>).</summary>
    public ApplyOptions Defaults { get; }

    /// <summary>
    /// Plans the apply workflow for <paramref name="spec"/>: reads the hosts in scope and lets each phase decide its
    /// steps; nothing changes anywhere. Review the plan (<see cref="ClusterPlan.ToTable"/>), then <see cref="ApplyAsync(ClusterPlan, CancellationToken)"/>.
    /// </summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="scope">Phases and hosts to plan; null plans every phase on every host.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="ClusterValidationException">The spec has errors; no host was contacted.</exception>
    /// <exception cref="ArgumentException">A host in <paramref name="scope"/> is not a node of the spec.</exception>
    /// <exception cref="ApplyException">A host in scope could not be reached or failed its preflight checks.</exception>
    public async Task<ClusterPlan> PlanAsync(ClusterSpec spec, OperationScope? scope = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = OptionsFor(spec, scope);
        await using var run = await Operation.StartAsync(spec, options, Connections, cancellationToken).ConfigureAwait(false);
        return await Operation.PlanAsync(run, Workflow.Apply, Workflow.Apply.Select(options.Phases), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies a reviewed plan exactly: the hosts are read again first and the plan is refused, before anything is
    /// touched, when anything it read changed or its steps would differ.
    /// </summary>
    /// <param name="plan">A plan from <see cref="PlanAsync"/> (made with the same PKI store).</param>
    /// <param name="cancellationToken">Stops the apply (run it again to finish).</param>
    /// <exception cref="StalePlanException">A host changed since the plan was made; nothing was changed.</exception>
    /// <exception cref="ApplyException">A phase failed; <see cref="ApplyException.Failures"/> says where and why, <see cref="ApplyException.Partial"/> what was done.</exception>
    public Task<ApplyResult> ApplyAsync(ClusterPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Applier.ApplyAsync(plan, OptionsFor(plan.Spec, null), cancellationToken);
    }

    /// <summary>Plans and applies <paramref name="spec"/> in one go (no review step).</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="scope">Phases and hosts; null: every phase on every host.</param>
    /// <param name="cancellationToken">Stops the apply (run it again to finish).</param>
    /// <exception cref="ClusterValidationException">The spec has errors; no host was contacted.</exception>
    /// <exception cref="ApplyException">A phase failed (see <see cref="ApplyException.Failures"/>).</exception>
    public Task<ApplyResult> ApplyAsync(ClusterSpec spec, OperationScope? scope = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Applier.ApplyAsync(spec, OptionsFor(spec, scope), cancellationToken);
    }

    /// <summary>
    /// The official Kubernetes client as the cluster admin of <paramref name="spec"/>, from the PKI store (see
    /// <see cref="ClusterKubernetes.ConnectAsync"/>). The caller disposes it. Nothing is contacted yet.
    /// </summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="cancellationToken">Cancels loading the PKI.</param>
    /// <exception cref="DirectoryNotFoundException">The store does not hold the cluster CA.</exception>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    public Task<IKubernetes> ConnectKubernetesAsync(ClusterSpec spec, CancellationToken cancellationToken = default) =>
        ClusterKubernetes.ConnectAsync(spec, PkiDirectoryOf(spec), new KubernetesConnectionOptions { Server = ApiServer }, Defaults.Logger, cancellationToken);

    /// <summary>The applier over this manager's transport (for the partial parts).</summary>
    internal ClusterApplier Applier => new(Connections, Defaults.Logger);

    /// <summary>The options of one operation on <paramref name="spec"/>'s cluster: the defaults, its PKI store and the scope.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="scope">Phases and hosts; null for all.</param>
    public ApplyOptions OptionsFor(ClusterSpec spec, OperationScope? scope = null) =>
        Defaults with { PkiDirectory = PkiDirectoryOf(spec), Phases = scope?.Phases, Hosts = scope?.Hosts };
}
