using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Validation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Plans an apply: reads every host — file hashes, modes and owners, restart markers, service states,
/// binaries, in three round trips per host made at the same time — and lets each phase decide its steps.
/// Nothing on any host changes. The plan is data; <see cref="ClusterApplier.ApplyAsync(ClusterPlan, ApplyOptions, CancellationToken)"/>
/// runs it as reviewed.
/// </summary>
/// <param name="connections">Opens host connections (SSH, or folders).</param>
/// <param name="logger">Optional logger.</param>
public sealed class ClusterPlanner(IHostConnectionFactory connections, ILogger? logger = null)
{
    /// <summary>Plans <paramref name="spec"/> against its hosts (every phase of <see cref="Workflow.Apply"/>).</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="pkiDirectory">The local PKI store (missing material is generated there, never on hosts).</param>
    /// <param name="progress">Progress events.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="ClusterValidationException">The spec has errors; no host was contacted.</exception>
    /// <exception cref="ApplyException">A host could not be reached or failed its preflight checks.</exception>
    public Task<ClusterPlan> PlanAsync(ClusterSpec spec, string pkiDirectory, IProgress<ApplyEvent>? progress = null, CancellationToken cancellationToken = default) =>
        PlanAsync(spec, new ApplyOptions { PkiDirectory = pkiDirectory, Progress = progress, Logger = logger }, cancellationToken);

    /// <summary>Plans <paramref name="spec"/> with the given options (phases, timeouts shown in health gates, progress).</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="options">PKI store, phases, progress.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="ClusterValidationException">The spec has errors; no host was contacted.</exception>
    /// <exception cref="ApplyException">A host could not be reached or failed its preflight checks.</exception>
    public async Task<ClusterPlan> PlanAsync(ClusterSpec spec, ApplyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Logger is null && logger is not null) options = options with { Logger = logger };
        await using var run = await Operation.StartAsync(spec, options, connections, cancellationToken).ConfigureAwait(false);
        return await Operation.PlanAsync(run, Workflow.Apply, Workflow.Apply.Select(options.Phases), cancellationToken).ConfigureAwait(false);
    }
}
