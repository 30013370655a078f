using K8sBare.Cluster.Artifacts;
using K8sBare.Remote;
using K8sBare.Remote.Files;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Makes a host's files match the artifacts: one stat round trip, restart markers for the services whose
/// files differ (written first, so an interrupted apply still restarts them next time), then one batch write.
/// </summary>
internal static class FileSync
{
    public static async Task<IReadOnlyList<string>> SyncAsync(ApplyRun run, HostSession h, ApplyPhase phase, IReadOnlyList<ArtifactFile> files, CancellationToken ct)
    {
        if (files.Count == 0) return [];
        var desired = files.Select(ToRemote).ToList();
        var changes = await h.Connection.CompareFilesAsync(desired, ct).ConfigureAwait(false);
        var changed = desired.Where((_, i) => changes[i].Changed).ToList();
        if (changed.Count == 0) return [];

        var changedPaths = changed.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var markers = h.Artifacts.Services
            .Where(s => s.Files.Any(changedPaths.Contains))
            .Select(s => new RemoteFile(HostSession.MarkerPath(s.Name), ReadOnlyMemory<byte>.Empty, FileModes.Private))
            .ToList();
        if (markers.Count > 0 && !h.Offline) await h.Connection.WriteFilesAsync(markers, ct).ConfigureAwait(false);

        await h.Connection.WriteFilesAsync(changed, ct).ConfigureAwait(false);
        for (var i = 0; i < desired.Count; i++)
            if (changes[i].Changed)
                run.Change(phase, h.Name, changes[i].Kind == FileChangeKind.Created ? ChangeKind.FileCreated : ChangeKind.FileUpdated, desired[i].Path);
        return changedPaths.Order(StringComparer.Ordinal).ToList();
    }

    public static RemoteFile ToRemote(ArtifactFile f) => new(f.Path, f.Bytes, f.Mode, f.Owner);
}
