using System.Collections.Concurrent;
using System.Diagnostics;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Applies a cluster spec to its hosts in named phases (preflight, prepare, pki, binaries, files, etcd,
/// network, control-plane, rbac, workers, verify). Validation runs first and nothing connects to a host
/// when the spec has errors. Every phase is idempotent: a second apply changes and restarts nothing, and
/// an interrupted apply is finished by running it again.
/// </summary>
/// <param name="connections">Opens host connections (SSH, or folders for render-to-folder).</param>
/// <param name="logger">Optional logger.</param>
public sealed class ClusterApplier(IHostConnectionFactory connections, ILogger? logger = null)
{
    /// <summary>Applies <paramref name="spec"/>.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="options">PKI store, phases, timeouts, progress.</param>
    /// <param name="cancellationToken">Stops the apply (an interrupted apply is resumed by running it again).</param>
    /// <exception cref="ClusterValidationException">The spec has errors; no host was contacted.</exception>
    /// <exception cref="ApplyException">A phase failed; <see cref="ApplyException.Partial"/> tells what was done.</exception>
    public async Task<ApplyResult> ApplyAsync(ClusterSpec spec, ApplyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var report = spec.Validate(connections.IsOffline ? ValidationOptions.ForRender : ValidationOptions.ForApply);
        report.ThrowIfInvalid();
        options = options.Logger is null && logger is not null ? options with { Logger = logger } : options;

        var run = new ApplyRun(spec, options, connections.IsOffline);
        foreach (var w in report.Warnings) run.Warn($"{w.Field}: {w.Message} Fix: {w.Fix}");
        // The local PKI loads while the hosts are being connected to.
        var pkiTask = ClusterRenderer.LoadPkiAsync(spec, options.PkiDirectory, options.Logger, cancellationToken);
        var openTask = OpenAsync(run, connections, cancellationToken);
        try
        {
            await Task.WhenAll(pkiTask, openTask).ConfigureAwait(false);
        }
        catch
        {
            if (pkiTask.IsCompletedSuccessfully) pkiTask.Result.Dispose();
            foreach (var h in run.Hosts) await h.Connection.DisposeAsync().ConfigureAwait(false);
            if (openTask.IsFaulted) await openTask.ConfigureAwait(false);
            throw;
        }

        using var pki = pkiTask.Result;
        run.Pki = pki;
        try
        {
            run.RenderOptions = new RenderOptions { Facts = FactsOf(run), Etcd = await EtcdClusterProbe.DecideAsync(run, cancellationToken).ConfigureAwait(false) };
            run.Artifacts = ClusterRenderer.Render(spec, pki, run.RenderOptions);
            foreach (var h in run.Hosts) h.Artifacts = run.Artifacts[h.Name];
            foreach (var a in run.Artifacts.Hosts.SelectMany(h => h.Assumptions)) run.Warn(a.ToString());

            foreach (var phase in Workflow.Apply.Select(options.Phases))
            {
                var sw = Stopwatch.StartNew();
                run.Event(new ApplyEvent(phase, null, "phase", ApplyEventState.Started, TimeSpan.Zero));
                var before = run.ChangeCount;
                var failures = await WorkflowPhases.For(phase).RunAsync(run, cancellationToken).ConfigureAwait(false);
                run.PhasesRun.Add(phase);
                if (failures.Count > 0)
                {
                    run.Event(new ApplyEvent(phase, null, "phase", ApplyEventState.Failed, sw.Elapsed, $"{failures.Count} failure(s)"));
                    throw new ApplyException(phase, failures, run.Result());
                }

                run.Event(new ApplyEvent(phase, null, "phase", run.ChangeCount > before ? ApplyEventState.Changed : ApplyEventState.Unchanged, sw.Elapsed));
            }

            return run.Result();
        }
        finally
        {
            foreach (var h in run.Hosts) await h.Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The artifacts an apply would write, rendered with facts from the hosts (read-only).</summary>
    internal static IReadOnlyDictionary<string, HostRenderFacts> FactsOf(ApplyRun run) =>
        run.Hosts.Where(h => h.Facts is not null).ToDictionary(h => h.Name,
            h => new HostRenderFacts { SystemdResolvedActive = h.Facts!.SystemdResolvedActive }, StringComparer.Ordinal);

    internal static async Task OpenAsync(ApplyRun run, IHostConnectionFactory connections, CancellationToken ct)
    {
        var failures = new ConcurrentQueue<string>();
        var sessions = new ConcurrentDictionary<string, HostSession>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(run.Spec.Nodes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, run.Options.MaxParallelHosts), CancellationToken = ct },
            async (node, token) =>
            {
                var sw = Stopwatch.StartNew();
                try
                {
                    var conn = await connections.OpenAsync(node, token).ConfigureAwait(false);
                    var session = new HostSession(node, conn);
                    sessions[node.Name] = session;
                    if (!run.Offline) session.Facts = await conn.GatherFactsAsync(token).ConfigureAwait(false);
                    run.Event(new ApplyEvent(ApplyPhase.Preflight, node.Name, "connect", ApplyEventState.Unchanged, sw.Elapsed));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures.Enqueue($"{node.Name}: {ex.Message}");
                    run.Event(new ApplyEvent(ApplyPhase.Preflight, node.Name, "connect", ApplyEventState.Failed, sw.Elapsed, ex.Message));
                }
            }).ConfigureAwait(false);
        run.Hosts.AddRange(run.Spec.Nodes.Where(n => sessions.ContainsKey(n.Name)).Select(n => sessions[n.Name]));
        if (!failures.IsEmpty) throw new ApplyException(ApplyPhase.Preflight, failures.Order(StringComparer.Ordinal).ToList(), run.Result());
    }
}
