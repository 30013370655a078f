using K8sBare.Remote;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Puts every binary a host's services need at its install path: uploads local files and downloads (by
/// sha256, only when the host's copy differs), links on-host copies installed elsewhere (distribution
/// packages), and leaves the rest as "missing" — services that need them are installed but not started.
/// Offline targets (folders) get no binaries.
/// </summary>
internal sealed class BinariesPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Binaries;

    public override Task<IReadOnlyList<string>> RunAsync(ApplyRun run, CancellationToken ct) =>
        run.ForEachHostAsync(Id, HostsOf(run), "binaries", async (h, token) =>
        {
            var binaries = h.Artifacts.Binaries;
            if (binaries.Count == 0 || h.Offline) return false;
            var paths = binaries.Select(b => b.HostPath)
                .Concat(binaries.Where(b => b.Source.HostPath is not null).Select(b => b.Source.HostPath!)).ToList();
            var (states, records) = await BinaryProbe.ProbeAsync(h.Connection, paths, token).ConfigureAwait(false);
            var any = false;
            foreach (var b in binaries)
            {
                var state = states[b.HostPath];
                switch (b.Source.Kind)
                {
                    case BinarySourceKind.LocalFile or BinarySourceKind.Url:
                        var (local, sha) = await run.Sources.ResolveAsync(b.Name, b.Source, token).ConfigureAwait(false);
                        if (!BinaryProbe.Matches(b.Name, state, records, sha))
                        {
                            await MarkServicesAsync(h, b.Name, token).ConfigureAwait(false);
                            await h.Connection.UploadFileAsync(local, b.HostPath, new FileWriteOptions { Mode = FileModes.Executable, Owner = "root:root" }, token).ConfigureAwait(false);
                            await BinaryProbe.RecordAsync(h.Connection, b.Name, b.HostPath, sha, token).ConfigureAwait(false);
                            run.Change(ApplyPhase.Binaries, h.Name, ChangeKind.BinaryUploaded, b.HostPath);
                            any = true;
                        }

                        h.PresentBinaries.Add(b.Name);
                        break;
                    default:
                        if (state.Exists)
                        {
                            h.PresentBinaries.Add(b.Name);
                        }
                        else if (b.Source.HostPath is { } hostPath && states[hostPath].Exists)
                        {
                            await h.Connection.RunAsync($"mkdir -p {ShellQuote.Quote(Dir(b.HostPath))} && ln -sfn {ShellQuote.Quote(hostPath)} {ShellQuote.Quote(b.HostPath)}", cancellationToken: token).ConfigureAwait(false);
                            run.Change(ApplyPhase.Binaries, h.Name, ChangeKind.BinaryLinked, $"{b.HostPath} -> {hostPath}");
                            h.PresentBinaries.Add(b.Name);
                            any = true;
                        }

                        break;
                }
            }

            h.BinariesChecked = true;
            return any;
        }, ct);

    /// <summary>Stats install paths (when the binaries phase did not run in this apply).</summary>
    public static async Task RefreshAsync(HostSession h, CancellationToken ct)
    {
        if (h.BinariesChecked || h.Offline) return;
        var binaries = h.Artifacts.Binaries;
        if (binaries.Count == 0) return;
        var (states, _) = await BinaryProbe.ProbeAsync(h.Connection, binaries.Select(b => b.HostPath).ToList(), ct).ConfigureAwait(false);
        foreach (var b in binaries)
            if (states[b.HostPath].Exists) h.PresentBinaries.Add(b.Name);
        h.BinariesChecked = true;
    }

    private static async Task MarkServicesAsync(HostSession h, string binary, CancellationToken ct)
    {
        var markers = h.Artifacts.Services.Where(s => s.Binaries.Contains(binary))
            .Select(s => new RemoteFile(HostSession.MarkerPath(s.Name), ReadOnlyMemory<byte>.Empty, FileModes.Private)).ToList();
        if (markers.Count > 0) await h.Connection.WriteFilesAsync(markers, ct).ConfigureAwait(false);
    }

    private static string Dir(string path) => path[..path.LastIndexOf('/')] is { Length: > 0 } d ? d : "/";
}
