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

    public sealed override async Task<IReadOnlyList<string>> PlanAsync(ApplyRun run, CancellationToken ct)
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
        if (failures.Count == 0 && !run.Offline && Gate(run) is { } gate) run.Plan(gate);
        return failures;
    }

    public sealed override async Task<IReadOnlyList<string>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct)
    {
        var failures = await RunHostsAsync(run, steps, "services", (h, mine, token) => StartAsync(run, h, mine, token), ct).ConfigureAwait(false);
        if (failures.Count > 0 || run.Offline || steps.FirstOrDefault(s => s.Kind == ChangeKind.HealthChecked) is not { } gate) return failures;
        return await WaitHealthyAsync(run, gate, ct).ConfigureAwait(false);
    }

    /// <summary>The health gate to plan once this phase's services are planned, or null.</summary>
    protected virtual PlannedStep? Gate(ApplyRun run) => null;

    /// <summary>Waits on the planned health gate (online targets only).</summary>
    protected virtual Task<IReadOnlyList<string>> WaitHealthyAsync(ApplyRun run, PlannedStep gate, CancellationToken ct) => Task.FromResult(None);

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
