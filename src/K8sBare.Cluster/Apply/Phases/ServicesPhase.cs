using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Enables and starts a phase's services. A running service restarts only when a restart marker says
/// its files or binaries changed; a service whose binary is missing is enabled but reported
/// "not started: binary missing" (binaries are never faked). Phases that gate on health after starting
/// (etcd, control-plane) derive from it and override <see cref="AfterStartAsync"/>.
/// </summary>
internal class ServicesPhase(ApplyPhase phase) : WorkflowPhase
{
    public override ApplyPhase Id => phase;

    /// <summary>The services this phase starts on a host (their descriptors name the phase), in start order.</summary>
    public IReadOnlyList<ServiceArtifact> ServicesOn(HostSession h) => h.Artifacts.Services.Where(s => s.Phase == phase).ToList();

    /// <summary>The hosts with at least one service of this phase.</summary>
    public override IReadOnlyList<HostSession> HostsOf(ApplyRun run) => run.Hosts.Where(h => ServicesOn(h).Count > 0).ToList();

    public sealed override async Task<IReadOnlyList<string>> RunAsync(ApplyRun run, CancellationToken ct)
    {
        var failures = (await StartAsync(run, ct).ConfigureAwait(false)).ToList();
        if (failures.Count > 0 || run.Offline) return failures;
        return await AfterStartAsync(run, ct).ConfigureAwait(false);
    }

    /// <summary>Runs after the services started on every host (online targets only): health gates.</summary>
    protected virtual Task<IReadOnlyList<string>> AfterStartAsync(ApplyRun run, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);

    private Task<IReadOnlyList<string>> StartAsync(ApplyRun run, CancellationToken ct)
    {
        var hosts = HostsOf(run);
        return run.ForEachHostAsync(phase, hosts, "services", async (h, token) =>
        {
            await BinariesPhase.RefreshAsync(h, token).ConfigureAwait(false);
            var services = ServicesOn(h);
            // One round trip for the restart markers and the statuses in parallel (ssh multiplexes them).
            var markersTask = h.Connection.StatFilesAsync(services.Select(s => HostSession.MarkerPath(s.Name)).ToList(), token);
            var statusTasks = services.Select(s => h.Services.GetStatusAsync(s.Name, token)).ToList();
            await Task.WhenAll(statusTasks.Cast<Task>().Append(markersTask)).ConfigureAwait(false);
            var markers = markersTask.Result;
            // A pending marker may come from an apply cut after its unit files were written and before systemd reloaded
            // them: reload now, or the restart would run the old definition.
            if (h.Node.InitSystem == InitSystem.Systemd && !h.Offline && !h.UnitsReloaded && markers.Any(m => m.Exists))
            {
                await h.Services.DaemonReloadAsync(token).ConfigureAwait(false);
                h.UnitsReloaded = true;
            }

            var any = false;
            for (var i = 0; i < services.Count; i++)
            {
                var s = services[i];
                var status = statusTasks[i].Result;
                if (!status.Enabled)
                {
                    await h.Services.EnableAsync(s.Name, token).ConfigureAwait(false);
                    run.Change(phase, h.Name, ChangeKind.ServiceEnabled, s.Name);
                    any = true;
                }

                var missing = s.Binaries.Where(b => !h.PresentBinaries.Contains(b)).Select(RenderPath).ToList();
                if (missing.Count > 0)
                {
                    run.NotStarted(h.Name, s.Name, $"binary missing: {string.Join(", ", missing)}");
                    // Not running: whenever it first starts it reads the current files, so nothing is left to restart.
                    if (markers[i].Exists && !status.Active) await h.Connection.RemoveAsync(markers[i].Path, token).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    if (!status.Active)
                    {
                        await h.Services.StartAsync(s.Name, token).ConfigureAwait(false);
                        run.Restarted(phase, h.Name, s.Name, started: true);
                        run.Change(phase, h.Name, ChangeKind.ServiceStarted, s.Name);
                        any = true;
                    }
                    else if (markers[i].Exists)
                    {
                        await h.Services.RestartAsync(s.Name, token).ConfigureAwait(false);
                        run.Restarted(phase, h.Name, s.Name, started: false);
                        run.Change(phase, h.Name, ChangeKind.ServiceRestarted, s.Name);
                        any = true;
                    }

                    if (markers[i].Exists) await h.Connection.RemoveAsync(markers[i].Path, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var log = await TryLogAsync(h, s.Name, token).ConfigureAwait(false);
                    run.NotStarted(h.Name, s.Name, $"failed to start: {FirstLine(ex.Message)}{log}");
                    if (s.Component is ClusterComponent.Etcd or ClusterComponent.KubeApiserver) throw;
                    continue;
                }

                // Images without a registry go in as soon as containerd runs, before the kubelet asks for them.
                if (s.Component == ClusterComponent.Containerd && await ImagePreload.EnsureAsync(run, h, phase, token).ConfigureAwait(false)) any = true;
            }

            return any;
        }, ct);
    }

    /// <summary>True when the service's binaries are present and it runs now.</summary>
    public static async Task<bool> IsRunningAsync(HostSession h, string service, CancellationToken ct)
    {
        if (h.Offline) return false;
        await BinariesPhase.RefreshAsync(h, ct).ConfigureAwait(false);
        var s = h.Artifacts.Services.FirstOrDefault(x => x.Name == service);
        if (s is null || s.Binaries.Any(b => !h.PresentBinaries.Contains(b))) return false;
        return await h.Services.IsActiveAsync(service, ct).ConfigureAwait(false);
    }

    private static string RenderPath(string binary) => KnownBinaries.Find(binary)?.InstallPath ?? binary;

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
