using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Apply;

/// <summary>Writes configs and service definitions, creates data directories, reloads systemd when units changed.</summary>
internal sealed class FilesPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Files;

    public override Task<IReadOnlyList<string>> RunAsync(ApplyRun run, CancellationToken ct) =>
        run.ForEachHostAsync(Id, HostsOf(run), "configs and units", async (h, token) =>
        {
            var any = false;
            foreach (var d in h.Artifacts.Directories)
            {
                if (await h.Connection.EnsureDirectoryAsync(d.Path, d.Mode, "root:root", token).ConfigureAwait(false))
                {
                    run.Change(ApplyPhase.Files, h.Name, ChangeKind.DirectoryEnsured, d.Path);
                    any = true;
                }
            }

            var files = h.Artifacts.Files.Where(f => f.Kind is ArtifactKind.Config or ArtifactKind.Service).ToList();
            var changed = await FileSync.SyncAsync(run, h, ApplyPhase.Files, files, token).ConfigureAwait(false);
            var units = h.Artifacts.Services.Select(s => s.UnitPath).ToHashSet(StringComparer.Ordinal);
            if (h.Node.InitSystem == InitSystem.Systemd && units.Count > 0 && (h.Offline || changed.Any(units.Contains)))
            {
                await h.Services.DaemonReloadAsync(token).ConfigureAwait(false);
                h.UnitsReloaded = true;
            }

            return any || changed.Count > 0;
        }, ct);
}
