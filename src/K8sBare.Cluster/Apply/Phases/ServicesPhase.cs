using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Enables and starts a phase's services (the services whose descriptor names the phase), in start order.
/// A running service restarts only when its files or binaries change in this plan or a restart marker from
/// an earlier, interrupted apply says they changed; a service whose binary is missing is enabled but
/// reported "not started: binary missing" (binaries are never faked). Phases that gate on health after
/// starting (etcd, control-plane) derive from it and add a <see cref="ChangeKind.HealthChecked"/> step.
/// </summary>
internal class ServicesPhase(ApplyPhase phase) : WorkflowPhase
{
    public override ApplyPhase Id => phase;

    /// <summary>The services this phase starts on a host, in start order.</summary>
    public IReadOnlyList<ServiceArtifact> ServicesOn(HostSession h) => h.Artifacts.Services.Where(s => s.Phase == phase).ToList();

    /// <summary>The hosts with at least one service of this phase.</summary>
    public override IReadOnlyList<HostSession> HostsOf(ApplyRun run) => run.Hosts.Where(h => ServicesOn(h).Count > 0).ToList();

    public sealed override async Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct)
    {
        var failures = await PlanHostsAsync(run, (h, _) =>
        {
            var services = ServicesOn(h);
            var decided = ServiceDecision.Decide(phase, h, services).ToList();
            foreach (var s in services)
            {
                foreach (var step in decided.Where(x => x.Target == s.Name)) run.Plan(step);
                // Images without a registry go in as soon as containerd runs, before the kubelet asks for them.
                if (s.Name == ImagePreload.Service && ImagePreload.Plan(run, h, phase, decided) is { } images) run.Plan(images);
            }

            return Task.CompletedTask;
        }, ct).ConfigureAwait(false);
        if (failures.Count > 0 || run.Offline) return failures;
        PlanRoll(run);
        if (Gate(run) is { } gate) run.Plan(gate);
        return failures;
    }

    /// <summary>
    /// Plans the rolling restart: when <see cref="RollingService"/> restarts somewhere and restarts or starts on more than
    /// one host, each of those hosts gets its own batch (spec order) and a gate; otherwise, when <see cref="RolloutOptions.WorkerBatchSize"/> is set and
    /// more workers than that restart a service of this phase, they are cut into batches of that size.
    /// </summary>
    private void PlanRoll(ApplyRun run)
    {
        var hosts = HostsOf(run);
        bool Restarts(HostSession h, string? service) =>
            h.Planned.Any(s => s.Phase == phase && s.Kind == ChangeKind.ServiceRestarted && (service is null || s.Target == service));
        if (RollingService is { } rolled)
        {
            // Once anything restarts, a member that is down and starts now counts too: starting it together with a
            // restart elsewhere would take two members down at once. A first start of every member (bootstrap) does not roll.
            if (!hosts.Any(h => Restarts(h, rolled))) return;
            var rolling = hosts.Where(h => h.Planned.Any(s => s.Phase == phase && s.Target == rolled && s.Kind is ChangeKind.ServiceRestarted or ChangeKind.ServiceStarted)).ToList();
            if (rolling.Count < 2) return;
            for (var i = 0; i < rolling.Count; i++)
                run.Plan(new PlannedStep(phase, rolling[i].Name, ChangeKind.HealthChecked, HostGateTarget,
                    $"rolling restart {i + 1}/{rolling.Count} ({string.Join(" → ", rolling.Select(h => h.Name))}): {rolled} restarts here alone; the next host waits for this gate") { RollBatch = i + 1 });
            return;
        }

        if (run.Options.Rollout.WorkerBatchSize is not { } size) return;
        var restarting = hosts.Where(h => h.Node.IsWorker && Restarts(h, null)).ToList();
        if (restarting.Count <= size) return;
        var batches = restarting.Chunk(size).ToList();
        for (var b = 0; b < batches.Count; b++)
            foreach (var h in batches[b])
                run.Plan(new PlannedStep(phase, h.Name, ChangeKind.HealthChecked, HostGateTarget,
                    $"worker batch {b + 1}/{batches.Count} ({string.Join(", ", batches[b].Select(x => x.Name))}): the next batch waits until this batch's services run") { RollBatch = b + 1 });
    }

    public sealed override async Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct)
    {
        var gates = steps.Where(s => s.Host is not null && s.RollBatch is not null).ToList();
        var rolling = gates.Select(g => g.Host!).ToHashSet(StringComparer.Ordinal);
        var hosts = HostsOf(run);

        // Hosts outside the roll (first starts, restarts of services that do not roll) together, then the roll batch by batch.
        var failures = await RunHostsAsync(run, steps.Where(s => s.Host is not null && !rolling.Contains(s.Host)).ToList(), "services",
            (h, mine, token) => StartAsync(run, h, mine, token), ct, hosts.Where(h => !rolling.Contains(h.Name)).ToList()).ConfigureAwait(false);
        if (failures.Count > 0) return failures;
        var batches = gates.GroupBy(g => g.RollBatch!.Value).OrderBy(g => g.Key).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            var batch = batches[b].ToList();
            var names = batch.Select(g => g.Host!).ToHashSet(StringComparer.Ordinal);
            var left = batches.Skip(b + 1).SelectMany(g => g.Select(x => x.Host!)).ToList();
            string Untouched() => left.Count == 0 ? "" : $"; not restarted (still serving with the old configuration): {string.Join(", ", left)}";
            var began = DateTimeOffset.UtcNow;
            var turn = hosts.Where(h => names.Contains(h.Name)).ToList();
            // The roles the turn's hosts hold (etcd leadership, the API virtual IP) move to the others first, and come back
            // (as a follower / a backup) whatever the turn's outcome.
            var handoffs = new Dictionary<string, IReadOnlyList<RollHandoff>>(StringComparer.Ordinal);
            try
            {
                foreach (var h in turn) handoffs[h.Name] = run.Offline || h.Offline ? [] : await HandOffAsync(run, h, ct).ConfigureAwait(false);
                IReadOnlyList<RollHandoff> HandoffsOf(string host) => handoffs.GetValueOrDefault(host) ?? [];
                failures = await RunHostsAsync(run, steps.Where(s => s.Host is not null && names.Contains(s.Host) && s.RollBatch is null).ToList(), "services",
                    (h, mine, token) => StartAsync(run, h, mine, token), ct, turn).ConfigureAwait(false);
                if (failures.Count > 0)
                {
                    foreach (var g in batch) run.Rolled(new HostRoll(phase, g.Host!, g.RollBatch!.Value, began, null, "its services failed to (re)start") { Handoffs = HandoffsOf(g.Host!) });
                    return [.. failures.Select(f => f with { Cause = $"{f.Cause} (rolling restart stopped at batch {b + 1}/{batches.Count}{Untouched()})" })];
                }

                var gateOf = batch.ToDictionary(g => g.Host!, StringComparer.Ordinal);
                var stopped = await run.ForEachHostAsync(phase, turn, "roll gate", async (h, token) =>
                {
                    var why = await WaitHostHealthyAsync(run, h, token).ConfigureAwait(false);
                    run.Rolled(new HostRoll(phase, h.Name, gateOf[h.Name].RollBatch!.Value, began, why is null ? DateTimeOffset.UtcNow : null, why) { Handoffs = HandoffsOf(h.Name) });
                    return why is null ? false : throw new InvalidOperationException(why);
                }, ct).ConfigureAwait(false);
                if (stopped.Count > 0)
                    return [.. stopped.Select(f => f with { Cause = $"rolling restart stopped: {f.Cause}{Untouched()}. Fix: find why {f.Host} did not come back healthy (its service log), then apply again; the roll resumes with the hosts not yet restarted." })];
            }
            finally
            {
                foreach (var h in turn)
                    if (handoffs.TryGetValue(h.Name, out var given) && given.Count > 0) await TakeBackAsync(run, h, given).ConfigureAwait(false);
            }
        }

        if (run.Offline || steps.FirstOrDefault(s => s.Host is null && s.Kind == ChangeKind.HealthChecked) is not { } gate) return failures;
        return await WaitHealthyAsync(run, gate, ct).ConfigureAwait(false);
    }

    /// <summary>The target of the per-host gates of a roll.</summary>
    protected virtual string HostGateTarget => "services running";

    /// <summary>The service whose restart rolls one host at a time with a health gate (etcd, kube-apiserver), or null.</summary>
    protected virtual string? RollingService => null;

    /// <summary>
    /// Waits until <paramref name="h"/> passes its roll gate (by default: every service of this phase it has is active)
    /// within <see cref="RolloutOptions.HostHealthTimeout"/>; null when it did, else why not.
    /// </summary>
    protected virtual async Task<string?> WaitHostHealthyAsync(ApplyRun run, HostSession h, CancellationToken ct)
    {
        var services = ServicesOn(h).Where(s => s.Binaries.All(h.PresentBinaries.Contains)).Select(s => s.Name).ToList();
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        var down = services;
        while (deadline.Elapsed < run.Options.Rollout.HostHealthTimeout)
        {
            var active = await Task.WhenAll(services.Select(s => h.Services.IsActiveAsync(s, ct))).ConfigureAwait(false);
            down = services.Where((_, i) => !active[i]).ToList();
            if (down.Count == 0) return null;
            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        return $"{string.Join(", ", down)} not running on {h.Name} within {run.Options.Rollout.HostHealthTimeout.TotalSeconds:0} s";
    }

    /// <summary>
    /// Before <paramref name="h"/>'s turn in a roll (online only): moves away the roles it holds whose restart would
    /// interrupt the service for everyone (the etcd leadership, the API virtual IP); what moved, or why it could not.
    /// A failed hand-off does not stop the roll (the others still serve); it is reported in <see cref="HostRoll.Handoffs"/>.
    /// </summary>
    protected virtual Task<IReadOnlyList<RollHandoff>> HandOffAsync(ApplyRun run, HostSession h, CancellationToken ct) => Task.FromResult<IReadOnlyList<RollHandoff>>([]);

    /// <summary>After <paramref name="h"/>'s turn, whatever its outcome (also when cancelled): undoes what <see cref="HandOffAsync"/> stopped there.</summary>
    protected virtual Task TakeBackAsync(ApplyRun run, HostSession h, IReadOnlyList<RollHandoff> handoffs) => Task.CompletedTask;

    /// <summary>The health gate to plan once this phase's services are planned, or null.</summary>
    protected virtual PlannedStep? Gate(ApplyRun run) => null;

    /// <summary>Waits on the planned health gate (online targets only).</summary>
    protected virtual Task<IReadOnlyList<ApplyFailure>> WaitHealthyAsync(ApplyRun run, PlannedStep gate, CancellationToken ct) => Task.FromResult(None);

    private static async Task StartAsync(ApplyRun run, HostSession h, IReadOnlyList<PlannedStep> steps, CancellationToken ct)
    {
        // A pending marker may come from an apply cut after its unit files were written and before systemd reloaded
        // them: reload now, or the restart would run the old definition.
        if (h.Node.InitSystem == InitSystem.Systemd && !h.Offline && !h.UnitsReloaded
            && steps.Any(s => s.Kind is ChangeKind.ServiceStarted or ChangeKind.ServiceRestarted && h.PendingMarkers.Contains(s.Target)))
        {
            await h.Services.DaemonReloadAsync(ct).ConfigureAwait(false);
            h.UnitsReloaded = true;
        }

        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (step.Kind == ChangeKind.ImageImported)
            {
                if (!failed.Contains(ImagePreload.Service)) await ImagePreload.EnsureAsync(run, h, step, ct).ConfigureAwait(false);
                continue;
            }

            var s = h.Artifacts.Services.First(x => x.Name == step.Target);
            switch (step.Kind)
            {
                case ChangeKind.ServiceEnabled:
                    await h.Services.EnableAsync(s.Name, ct).ConfigureAwait(false);
                    run.Applied(step);
                    break;
                case ChangeKind.ServiceNotStarted:
                    run.NotStarted(h.Name, s.Name, step.Reason);
                    // Not running: whenever it first starts it reads the current files, so nothing is left to restart.
                    if (h.PendingMarkers.Contains(s.Name) && !(h.State.Services.TryGetValue(s.Name, out var status) && status.Active))
                    {
                        h.PendingMarkers.Remove(s.Name);
                        await h.Connection.RemoveAsync(HostSession.MarkerPath(s.Name), ct).ConfigureAwait(false);
                    }

                    break;
                case ChangeKind.ServiceStarted or ChangeKind.ServiceRestarted:
                    try
                    {
                        if (step.Kind == ChangeKind.ServiceStarted) await h.Services.StartAsync(s.Name, ct).ConfigureAwait(false);
                        else await h.Services.RestartAsync(s.Name, ct).ConfigureAwait(false);
                        run.Restarted(step.Phase, h.Name, s.Name, started: step.Kind == ChangeKind.ServiceStarted);
                        run.Applied(step);
                        if (h.PendingMarkers.Remove(s.Name)) await h.Connection.RemoveAsync(HostSession.MarkerPath(s.Name), ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failed.Add(s.Name);
                        var log = await TryLogAsync(h, s.Name, ct).ConfigureAwait(false);
                        run.NotStarted(h.Name, s.Name, $"failed to start: {FirstLine(ex.Message)}{log}");
                        if (s.Component is ClusterComponent.Etcd or ClusterComponent.KubeApiserver) throw;
                    }

                    break;
            }
        }
    }

    /// <summary>True when the service's binaries are present and it runs now.</summary>
    public static async Task<bool> IsRunningAsync(HostSession h, string service, CancellationToken ct)
    {
        if (h.Offline) return false;
        var s = h.Artifacts.Services.FirstOrDefault(x => x.Name == service);
        if (s is null || s.Binaries.Any(b => !h.PresentBinaries.Contains(b))) return false;
        return await h.Services.IsActiveAsync(service, ct).ConfigureAwait(false);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static async Task<string> TryLogAsync(HostSession h, string service, CancellationToken ct)
    {
        try
        {
            var log = (await h.Services.ReadLogAsync(service, 5, ct).ConfigureAwait(false)).Trim();
            return log.Length == 0 ? "" : $" (last log lines: {log.Replace('\n', ' ')})";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return "";
        }
    }
}
