using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;
using K8sBare.Remote;
using K8sBare.Remote.Files;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Files as steps: planning compares each artifact with what was read on the host (sha256, mode, owner);
/// running writes restart markers for the services whose files change first (so an interrupted apply still
/// restarts them next time), then the files in one batch.
/// </summary>
internal static class FileSteps
{
    public static void Plan(ApplyRun run, HostSession h, ApplyPhase phase, IEnumerable<ArtifactFile> files)
    {
        foreach (var f in files)
        {
            var state = h.PathState(f.Path);
            if (state.Matches(ToRemote(f))) continue;
            run.Plan(new PlannedStep(phase, h.Name, state.Exists ? ChangeKind.FileUpdated : ChangeKind.FileCreated, f.Path, Why(state, f)));
        }
    }

    /// <summary>Runs the file steps among <paramref name="steps"/>; returns the paths written.</summary>
    public static async Task<IReadOnlySet<string>> RunAsync(ApplyRun run, HostSession h, IReadOnlyList<PlannedStep> steps, CancellationToken ct)
    {
        var fileSteps = steps.Where(s => s.Kind is ChangeKind.FileCreated or ChangeKind.FileUpdated).ToList();
        if (fileSteps.Count == 0) return new HashSet<string>(StringComparer.Ordinal);
        var byPath = h.Artifacts.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var changed = fileSteps.Select(s => ToRemote(byPath[s.Target])).ToList();
        var paths = changed.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var restart = h.Artifacts.Services.Where(s => s.Files.Any(paths.Contains)).Select(s => s.Name).ToList();
        await WriteMarkersAsync(h, restart, ct).ConfigureAwait(false);
        await h.Connection.WriteFilesAsync(changed, ct).ConfigureAwait(false);
        foreach (var s in fileSteps) run.Applied(s);
        return paths;
    }

    /// <summary>Writes restart markers (not on folder targets) and remembers them.</summary>
    public static async Task WriteMarkersAsync(HostSession h, IReadOnlyList<string> services, CancellationToken ct)
    {
        if (services.Count == 0 || h.Offline) return;
        await h.Connection.WriteFilesAsync(services.Select(s => new RemoteFile(HostSession.MarkerPath(s), ReadOnlyMemory<byte>.Empty, FileModes.Private)).ToList(), ct).ConfigureAwait(false);
        foreach (var s in services) h.PendingMarkers.Add(s);
    }

    public static RemoteFile ToRemote(ArtifactFile f) => new(f.Path, f.Bytes, f.Mode, f.Owner);

    private static string Why(RemoteFileState s, ArtifactFile f) =>
        !s.Exists ? "missing"
        : s.IsDirectory ? "a directory is in its place"
        : s.Sha256 != f.Sha256 ? "content differs"
        : s.Mode != f.Mode ? $"mode {(s.Mode is { } m ? FileModes.Format(m) : "?")}, want {f.ModeOctal}"
        : $"owner {s.Owner}, want {f.Owner}";
}
