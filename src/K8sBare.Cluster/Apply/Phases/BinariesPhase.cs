using K8sBare.Cluster.Planning;
using K8sBare.Remote;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Puts every binary a host's services need at its install path: uploads local files and downloads (by
/// sha256, only when the host's copy differs), links on-host copies installed elsewhere (distribution
/// packages), and leaves the rest missing — services that need them are installed but not started.
/// Folder targets get no binaries.
/// </summary>
internal sealed class BinariesPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Binaries;

    public override Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct) => PlanHostsAsync(run, async (h, token) =>
    {
        if (h.Offline) return;
        foreach (var b in h.Artifacts.Binaries)
        {
            var state = h.State.BinaryFiles[b.HostPath];
            switch (b.Source.Kind)
            {
                case BinarySourceKind.LocalFile or BinarySourceKind.Url:
                    var sha = b.Source.Kind == BinarySourceKind.Url
                        ? b.Source.Sha256!.ToLowerInvariant()
                        : (await run.Sources.ResolveAsync(b.Name, b.Source, token).ConfigureAwait(false)).Sha256;
                    if (!BinaryProbe.Matches(b.Name, state, h.State.BinaryRecords, sha))
                        run.Plan(new PlannedStep(Id, h.Name, ChangeKind.BinaryUploaded, b.HostPath, state.Exists ? $"not known to be sha256 {sha}" : "missing"));
                    h.AvailableBinaries.Add(b.Name);
                    break;
                default:
                    if (state.Exists) break;
                    if (b.Source.HostPath is { } hostPath && h.State.BinaryFiles[hostPath].Exists)
                    {
                        run.Plan(new PlannedStep(Id, h.Name, ChangeKind.BinaryLinked, b.HostPath, $"link to {hostPath}"));
                        h.AvailableBinaries.Add(b.Name);
                    }

                    break;
            }
        }
    }, ct);

    public override Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct) =>
        RunHostsAsync(run, steps, "binaries", async (h, mine, token) =>
        {
            foreach (var step in mine)
            {
                var b = h.Artifacts.Binaries.First(x => x.HostPath == step.Target);
                if (step.Kind == ChangeKind.BinaryUploaded)
                {
                    var (local, sha) = await run.Sources.ResolveAsync(b.Name, b.Source, token).ConfigureAwait(false);
                    var restart = h.Artifacts.Services.Where(s => s.RestartOn.HasFlag(RestartTriggers.Binaries) && s.Binaries.Contains(b.Name)).Select(s => s.Name).ToList();
                    await FileSteps.WriteMarkersAsync(h, restart, token).ConfigureAwait(false);
                    await h.Connection.UploadFileAsync(local, b.HostPath, new FileWriteOptions { Mode = FileModes.Executable, Owner = "root:root" }, token).ConfigureAwait(false);
                    await BinaryProbe.RecordAsync(h.Connection, b.Name, b.HostPath, sha, token).ConfigureAwait(false);
                }
                else
                {
                    await h.Connection.RunAsync($"mkdir -p {ShellQuote.Quote(Dir(b.HostPath))} && ln -sfn {ShellQuote.Quote(b.Source.HostPath!)} {ShellQuote.Quote(b.HostPath)}", cancellationToken: token).ConfigureAwait(false);
                }

                run.Applied(step);
                h.PresentBinaries.Add(b.Name);
            }
        }, ct);

    private static string Dir(string path) => path[..path.LastIndexOf('/')] is { Length: > 0 } d ? d : "/";
}
