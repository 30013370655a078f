using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Apply;

/// <summary>Places certificates, keys and kubeconfigs.</summary>
internal sealed class PkiPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Pki;

    public override Task<IReadOnlyList<string>> RunAsync(ApplyRun run, CancellationToken ct) =>
        run.ForEachHostAsync(Id, HostsOf(run), "certificates", async (h, token) =>
        {
            var files = h.Artifacts.Files.Where(f => f.Kind == ArtifactKind.Pki).ToList();
            return (await FileSync.SyncAsync(run, h, ApplyPhase.Pki, files, token).ConfigureAwait(false)).Count > 0;
        }, ct);
}
