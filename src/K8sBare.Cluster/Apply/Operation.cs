using System.Diagnostics;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// The one path of every operation: validate once, connect and load the PKI at the same time, render with
/// the hosts' facts, read every host, let each phase plan its steps, then run the plan phase by phase.
/// <see cref="ClusterPlanner"/> stops after planning; <see cref="ClusterApplier"/> runs the plan it made or
/// the one it was given (after checking that the hosts did not change since).
/// </summary>
internal static class Operation
{
    /// <summary>Validates, connects, loads the PKI, renders and reads every host. The caller disposes the run.</summary>
    public static async Task<ApplyRun> StartAsync(ClusterSpec spec, ApplyOptions options, IHostConnectionFactory connections, CancellationToken ct)
    {
        var report = spec.Validate(connections.IsOffline ? ValidationOptions.ForRender : ValidationOptions.ForApply);
        report.ThrowIfInvalid();
        var scope = options.Hosts is { } limit ? ClusterScope.Validate(spec, limit, "ApplyOptions.Hosts") : null;
        var run = new ApplyRun(spec, options, connections.IsOffline);
        foreach (var w in report.Warnings) run.Warn($"{w.Field}: {w.Message} Fix: {w.Fix}");
        var pkiTask = ClusterRenderer.LoadValidatedPkiAsync(spec, options.PkiDirectory, options.Logger, ct, scope);
        var openTask = OpenAsync(run, connections, scope, ct);
        try
        {
            await Task.WhenAll(pkiTask, openTask).ConfigureAwait(false);
            run.Pki = pkiTask.Result;
            // How etcd members start is read from the hosts before rendering: a day-2 member joins, never bootstraps.
            run.RenderOptions = new RenderOptions { Facts = FactsOf(run), Hosts = scope, Etcd = await EtcdClusterProbe.DecideAsync(run, ct).ConfigureAwait(false) };
            run.Artifacts = ClusterRenderer.RenderValidated(spec, run.Pki, run.RenderOptions);
            foreach (var h in run.Hosts) h.Artifacts = run.Artifacts[h.Name];
            foreach (var a in run.Artifacts.Hosts.SelectMany(h => h.Assumptions)) run.Warn(a.ToString());
            var failures = await run.ForEachHostAsync(ApplyPhase.Preflight, run.Hosts, "read state", async (h, token) =>
            {
                h.State = await HostState.ReadAsync(h, token).ConfigureAwait(false);
                foreach (var b in h.Artifacts.Binaries.Where(b => h.State.BinaryFiles.TryGetValue(b.HostPath, out var f) && f.Exists))
                {
                    h.PresentBinaries.Add(b.Name);
                    h.AvailableBinaries.Add(b.Name);
                }

                foreach (var s in h.Artifacts.Services.Where(s => h.PathState(HostSession.MarkerPath(s.Name)).Exists)) h.PendingMarkers.Add(s.Name);
                return false;
            }, ct).ConfigureAwait(false);
            if (failures.Count > 0) throw new ApplyException(ApplyPhase.Preflight, failures, run.Result());
            return run;
        }
        catch
        {
            if (pkiTask.IsCompletedSuccessfully) run.Pki ??= pkiTask.Result;
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Lets each phase plan its steps, in order; a phase that cannot be planned (preflight problems) stops planning.</summary>
    public static async Task<ClusterPlan> PlanAsync(ApplyRun run, Workflow workflow, IReadOnlyList<ApplyPhase> phases, CancellationToken ct)
    {
        foreach (var phase in phases)
        {
            var failures = await WorkflowPhases.For(phase).PlanAsync(run, ct).ConfigureAwait(false);
            if (failures.Count > 0) throw new ApplyException(phase, failures, run.Result());
        }

        var cluster = run.ClusterSteps;
        var steps = phases.SelectMany(p => run.Hosts.SelectMany(h => h.Planned.Where(s => s.Phase == p)).Concat(cluster.Where(s => s.Phase == p))).ToList();
        return new ClusterPlan
        {
            Spec = run.Spec,
            Workflow = workflow,
            Phases = phases,
            Scope = run.Hosts.Select(h => h.Name).ToList(),
            Steps = steps,
            Hosts = run.Hosts.Select(HostPlanOf).ToList(),
            Observations = run.Hosts.SelectMany(h => h.State.Observations(h)).Concat(run.ClusterObservations).ToList(),
            Warnings = run.Warnings,
            Artifacts = run.Artifacts!,
        };
    }

    /// <summary>Runs the plan's steps phase by phase; stops at the first phase with failures.</summary>
    public static async Task<ApplyResult> RunAsync(ApplyRun run, ClusterPlan plan, CancellationToken ct)
    {
        foreach (var phase in plan.Phases)
        {
            var sw = Stopwatch.StartNew();
            run.Event(new ApplyEvent(phase, null, "phase", ApplyEventState.Started, TimeSpan.Zero));
            var before = run.ChangeCount;
            var failures = await WorkflowPhases.For(phase).RunAsync(run, plan.StepsOf(phase), ct).ConfigureAwait(false);
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

    /// <summary>What differs between a reviewed plan and the same plan made now: what the hosts show differently, and steps added or gone.</summary>
    public static IReadOnlyList<string> Differences(ClusterPlan reviewed, ClusterPlan now)
    {
        var result = new List<string>();
        var before = reviewed.Observations.ToDictionary(o => (o.Host, o.Target));
        var after = now.Observations.ToDictionary(o => (o.Host, o.Target));
        foreach (var (key, o) in after)
        {
            if (!before.TryGetValue(key, out var was)) result.Add($"{o.Host ?? "cluster"}: {o.Target} was not read when the plan was made; now {o.State}");
            else if (was.State != o.State) result.Add($"{o.Host ?? "cluster"}: {o.Target} was {was.State}; now {o.State}");
        }

        foreach (var (key, was) in before.Where(b => !after.ContainsKey(b.Key)))
            result.Add($"{was.Host ?? "cluster"}: {was.Target} was {was.State}; now it is not read");
        foreach (var step in reviewed.Steps.Where(s => s.Host is not null && s.Kind is ChangeKind.FileCreated or ChangeKind.FileUpdated))
        {
            var was = reviewed.Artifacts[step.Host!].File(step.Target);
            var will = now.Artifacts.Hosts.FirstOrDefault(h => h.Name == step.Host)?.File(step.Target);
            if (was is not null && will is not null && (was.Sha256 != will.Sha256 || was.Mode != will.Mode || was.Owner != will.Owner))
                result.Add($"{step.Host}: {step.Target} would now be written as sha256:{will.Sha256} {will.ModeOctal} {will.Owner}, not as reviewed (sha256:{was.Sha256} {was.ModeOctal} {was.Owner}); the spec or the PKI store changed");
        }

        var oldSteps = reviewed.Steps.ToHashSet();
        var newSteps = now.Steps.ToHashSet();
        result.AddRange(reviewed.Steps.Where(s => !newSteps.Contains(s)).Select(s => $"planned step no longer needed or changed: {s}"));
        result.AddRange(now.Steps.Where(s => !oldSteps.Contains(s)).Select(s => $"new step: {s}"));
        return result;
    }

    private static IReadOnlyDictionary<string, HostRenderFacts> FactsOf(ApplyRun run) =>
        run.Hosts.Where(h => h.Facts is not null).ToDictionary(h => h.Name,
            h => new HostRenderFacts { SystemdResolvedActive = h.Facts!.SystemdResolvedActive }, StringComparer.Ordinal);

    private static async Task OpenAsync(ApplyRun run, IHostConnectionFactory connections, IReadOnlySet<string>? scope, CancellationToken ct)
    {
        var sessions = new HostSession?[run.Spec.Nodes.Count];
        var nodes = run.Spec.Nodes.Select((n, i) => (Node: n, Index: i)).Where(x => scope is null || scope.Contains(x.Node.Name)).ToList();
        var failures = await Remote.Fleet.FanOut.RunAsync(nodes, x => x.Node.Name, "connect", async (x, token) =>
        {
            var sw = Stopwatch.StartNew();
            try
            {
                var conn = await connections.OpenAsync(x.Node, token).ConfigureAwait(false);
                var session = new HostSession(x.Node, conn);
                sessions[x.Index] = session;
                if (!run.Offline) session.Facts = await conn.GatherFactsAsync(token).ConfigureAwait(false);
                run.Event(new ApplyEvent(ApplyPhase.Preflight, x.Node.Name, "connect", ApplyEventState.Unchanged, sw.Elapsed));
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                run.Event(new ApplyEvent(ApplyPhase.Preflight, x.Node.Name, "connect", ApplyEventState.Failed, sw.Elapsed, ex.Message));
                throw;
            }
        }, new Remote.Fleet.FanOutOptions { MaxParallelism = Math.Max(1, run.Options.MaxParallelHosts), FailurePolicy = Remote.Fleet.FailurePolicy.ContinueOthers }, ct).ConfigureAwait(false);
        run.Hosts.AddRange(sessions.Where(s => s is not null)!);
        ct.ThrowIfCancellationRequested();
        if (!failures.Succeeded)
            throw new ApplyException(ApplyPhase.Preflight, failures.Failures.Select(f => new ApplyFailure(ApplyPhase.Preflight, f.Host, "connect", f.Error!.Message)).OrderBy(f => f.Host, StringComparer.Ordinal).ToList(), run.Result());
    }

    private static HostPlan HostPlanOf(HostSession h)
    {
        var steps = h.Planned;
        var files = h.Artifacts.Files.Select(f =>
        {
            var step = steps.FirstOrDefault(s => s.Target == f.Path && s.Kind is ChangeKind.FileCreated or ChangeKind.FileUpdated);
            return new PlannedFile(f.Path, step?.Kind switch { ChangeKind.FileCreated => PlannedChange.Create, ChangeKind.FileUpdated => PlannedChange.Change, _ => PlannedChange.Unchanged }, f.Kind, f.Component);
        }).ToList();
        var services = h.Artifacts.Services.Select(s =>
        {
            var mine = steps.Where(x => x.Target == s.Name && x.Phase == s.Phase).ToList();
            if (mine.FirstOrDefault(x => x.Kind == ChangeKind.ServiceNotStarted) is { } blocked) return new PlannedService(s.Name, PlannedChange.Blocked, blocked.Reason);
            if (mine.FirstOrDefault(x => x.Kind == ChangeKind.ServiceRestarted) is { } restart) return new PlannedService(s.Name, PlannedChange.Change, restart.Reason);
            if (mine.FirstOrDefault(x => x.Kind == ChangeKind.ServiceStarted) is { } start)
                return new PlannedService(s.Name, h.State.Services.TryGetValue(s.Name, out var st) && st.Installed && !files.Any(f => f.Path == s.UnitPath && f.Change == PlannedChange.Create)
                    ? PlannedChange.Start : PlannedChange.Create, start.Reason);
            return new PlannedService(s.Name, mine.Count > 0 ? PlannedChange.Create : PlannedChange.Unchanged, mine.FirstOrDefault()?.Reason);
        }).ToList();
        var binaries = h.Offline ? [] : h.Artifacts.Binaries.Select(b =>
        {
            var step = steps.FirstOrDefault(s => s.Target == b.HostPath && s.Kind is ChangeKind.BinaryUploaded or ChangeKind.BinaryLinked);
            var change = step?.Kind == ChangeKind.BinaryUploaded ? PlannedChange.Upload : step is not null ? PlannedChange.Link
                : h.AvailableBinaries.Contains(b.Name) ? PlannedChange.Unchanged : PlannedChange.Blocked;
            return new PlannedBinary(b.Name, b.HostPath, change);
        }).ToList();
        return new HostPlan { Host = h.Name, Transport = h.Connection.Transport, Steps = steps, Files = files, Services = services, Binaries = binaries };
    }
}
