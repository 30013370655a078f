using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>Writes configs and service definitions, creates data directories, reloads systemd when units changed.</summary>
internal sealed class FilesPhase : WorkflowPhase
{
    private const string Owner = "root:root";

    public override ApplyPhase Id => ApplyPhase.Files;

    public override Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct) => PlanHostsAsync(run, (h, _) =>
    {
        foreach (var d in h.Artifacts.Directories)
        {
            var s = h.PathState(d.Path);
            var why = !s.Exists ? "missing" : !s.IsDirectory ? "not a directory"
                : s.Mode != d.Mode ? $"mode {(s.Mode is { } m ? Remote.Files.FileModes.Format(m) : "?")}" : s.Owner != Owner ? $"owner {s.Owner}" : null;
            if (why is not null) run.Plan(new PlannedStep(Id, h.Name, ChangeKind.DirectoryEnsured, d.Path, why));
        }

        FileSteps.Plan(run, h, Id, h.Artifacts.Files.Where(f => f.Kind is ArtifactKind.Config or ArtifactKind.Service));
        return Task.CompletedTask;
    }, ct);

    public override Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct) =>
        RunHostsAsync(run, steps, "configs and units", async (h, mine, token) =>
        {
            foreach (var step in mine.Where(s => s.Kind == ChangeKind.DirectoryEnsured))
            {
                var d = h.Artifacts.Directories.First(x => x.Path == step.Target);
                await h.Connection.EnsureDirectoryAsync(d.Path, d.Mode, Owner, token).ConfigureAwait(false);
                run.Applied(step);
            }

            var written = await FileSteps.RunAsync(run, h, mine, token).ConfigureAwait(false);
            if (h.Node.InitSystem == InitSystem.Systemd && h.Artifacts.Services.Any(s => written.Contains(s.UnitPath)))
            {
                await h.Services.DaemonReloadAsync(token).ConfigureAwait(false);
                h.UnitsReloaded = true;
            }
        }, ct);
}
