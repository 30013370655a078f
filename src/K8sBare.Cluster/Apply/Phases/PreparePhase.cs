using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering.Components;
using K8sBare.Remote.Commands;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Persists sysctls and modules (files), turns swap off and keeps it off, and applies the settings now.
/// In a container where modprobe/sysctl cannot act, the failure is reported as a warning.
/// </summary>
internal sealed class PreparePhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Prepare;

    public override Task<IReadOnlyList<string>> RunAsync(ApplyRun run, CancellationToken ct) =>
        run.ForEachHostAsync(Id, HostsOf(run), "host settings", async (h, token) =>
        {
            var files = h.Artifacts.Files.Where(f => f.Kind == ArtifactKind.Host).ToList();
            var changed = await FileSync.SyncAsync(run, h, ApplyPhase.Prepare, files, token).ConfigureAwait(false);
            if (h.Offline)
            {
                // Record the commands a fresh host would run (render-to-folder shows them in commands.sh,
                // the same on every render).
                await h.Connection.RunAsync(ApplyCommand(files), cancellationToken: token).ConfigureAwait(false);
                return changed.Count > 0;
            }

            var did = changed.Count > 0;
            var f = h.Facts;
            if (changed.Count > 0 || f?.IpForward == false)
            {
                var r = await h.Connection.RunAsync(ApplyCommand(files), new CommandOptions { AllowNonZeroExit = true }, token).ConfigureAwait(false);
                if (r.Succeeded) run.Change(ApplyPhase.Prepare, h.Name, ChangeKind.HostSettingApplied, "sysctl/modules");
                else run.Warn($"{h.Name}: could not load modules or apply sysctls now (usual in a container; the files are in place for the next boot): {r.StdErr.Trim()}");
            }

            if (f?.SwapEnabled == true)
            {
                var r = await h.Connection.RunAsync(
                    "swapoff -a && if grep -Eq '^[^#].*[[:space:]]swap[[:space:]]' /etc/fstab; then sed -i -E 's/^([^#].*[[:space:]]swap[[:space:]].*)$/# \\1  # disabled by K8sBare/' /etc/fstab; fi",
                    new CommandOptions { AllowNonZeroExit = true }, token).ConfigureAwait(false);
                if (r.Succeeded)
                {
                    run.Change(ApplyPhase.Prepare, h.Name, ChangeKind.HostSettingApplied, "swap off");
                    did = true;
                }
                else run.Warn($"{h.Name}: could not turn swap off: {r.StdErr.Trim()}");
            }

            return did;
        }, ct);

    private static string ApplyCommand(IReadOnlyList<ArtifactFile> files)
    {
        var sysctl = files.FirstOrDefault(f => f.Path.StartsWith("/etc/sysctl.d/", StringComparison.Ordinal));
        var modules = string.Join(" ", HostPrepRendering.Modules);
        var cmd = $"for m in {modules}; do modprobe $m || true; done";
        return sysctl is null ? cmd : cmd + $"; sysctl -p {sysctl.Path}";
    }
}
