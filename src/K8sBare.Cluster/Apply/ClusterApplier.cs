using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Validation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Applies a cluster to its hosts in the named phases of <see cref="Workflow.Apply"/> (preflight, prepare,
/// pki, binaries, files, etcd, network, control-plane, rbac, workers, verify). It plans first and runs
/// exactly the planned steps: <see cref="ApplyAsync(ClusterSpec, ApplyOptions, CancellationToken)"/> plans
/// and runs at once; <see cref="ApplyAsync(ClusterPlan, ApplyOptions, CancellationToken)"/> runs a plan made
/// and reviewed earlier, and refuses it when a host changed since. Validation runs once, before any host is
/// contacted. Every phase is idempotent: a second apply changes and restarts nothing, and an interrupted
/// apply is finished by running it again.
/// </summary>
/// <param name="connections">Opens host connections (SSH, or folders for render-to-folder).</param>
/// <param name="logger">Optional logger.</param>
public sealed class ClusterApplier(IHostConnectionFactory connections, ILogger? logger = null)
{
    /// <summary>Plans and applies <paramref name="spec"/>.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="options">PKI store, phases, timeouts, progress.</param>
    /// <param name="cancellationToken">Stops the apply (an interrupted apply is resumed by running it again).</param>
    /// <exception cref="ClusterValidationException">The spec has errors; no host was contacted.</exception>
    /// <exception cref="ApplyException">A phase failed; <see cref="ApplyException.Partial"/> tells what was done.</exception>
    public async Task<ApplyResult> ApplyAsync(ClusterSpec spec, ApplyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        options = WithLogger(options);
        await using var run = await Operation.StartAsync(spec, options, connections, cancellationToken).ConfigureAwait(false);
        var plan = await Operation.PlanAsync(run, Workflow.Apply, Workflow.Apply.Select(options.Phases), cancellationToken).ConfigureAwait(false);
        return await Operation.RunAsync(run, plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies a plan made earlier (by <see cref="ClusterPlanner"/>), exactly as it was reviewed: its spec,
    /// phases and hosts. The hosts are read again first; when anything planning read differs (a file's hash,
    /// mode or owner, a service's state, a restart marker, a binary, a fact, flannel's key), or the steps
    /// would differ, the plan is refused before anything is touched.
    /// </summary>
    /// <param name="plan">The reviewed plan.</param>
    /// <param name="options">PKI store (the one the plan was made with), timeouts, progress; <see cref="ApplyOptions.Phases"/> is ignored (the plan's phases run).</param>
    /// <param name="cancellationToken">Stops the apply.</param>
    /// <exception cref="StalePlanException">A host changed since the plan was made; nothing was changed.</exception>
    /// <exception cref="ApplyException">A phase failed; <see cref="ApplyException.Partial"/> tells what was done.</exception>
    public async Task<ApplyResult> ApplyAsync(ClusterPlan plan, ApplyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        options = WithLogger(options) with { Hosts = plan.Scope };
        await using var run = await Operation.StartAsync(plan.Spec, options, connections, cancellationToken).ConfigureAwait(false);
        var now = await Operation.PlanAsync(run, plan.Workflow, plan.Phases, cancellationToken).ConfigureAwait(false);
        var differences = Operation.Differences(plan, now);
        if (differences.Count > 0) throw new StalePlanException(differences);
        return await Operation.RunAsync(run, plan, cancellationToken).ConfigureAwait(false);
    }

    private ApplyOptions WithLogger(ApplyOptions options) => options.Logger is null && logger is not null ? options with { Logger = logger } : options;
}
