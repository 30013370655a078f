using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Rendering;
using K8sBare.Remote.Commands;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Persists sysctls and modules (files), turns swap off and keeps it off, and applies the settings now.
/// In a container where modprobe/sysctl cannot act, the failure is reported as a warning. On a folder
/// target the commands are recorded (commands.sh), as a fresh host would run them.
/// </summary>
internal sealed class PreparePhase : WorkflowPhase
{
    private const string Settings = "sysctl/modules";
    private const string Swap = "swap off";

    public override ApplyPhase Id => ApplyPhase.Prepare;

    public override Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct) => PlanHostsAsync(run, (h, _) =>
    {
        FileSteps.Plan(run, h, Id, HostFiles(h));
        var filesChange = h.Planned.Any(s => s.Phase == Id);
        if (filesChange || (!h.Offline && h.Facts?.IpForward == false))
            run.Plan(new PlannedStep(Id, h.Name, ChangeKind.HostSettingApplied, Settings,
                filesChange ? "sysctl or module files change" + (h.Offline ? " (recorded in commands.sh)" : "") : "net.ipv4.ip_forward is 0"));
        if (!h.Offline && h.Facts?.SwapEnabled == true)
            run.Plan(new PlannedStep(Id, h.Name, ChangeKind.HostSettingApplied, Swap, "swap is on (the kubelet refuses to run with it)"));
        return Task.CompletedTask;
    }, ct);

    public override Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct) =>
        RunHostsAsync(run, steps, "host settings", async (h, mine, token) =>
        {
            await FileSteps.RunAsync(run, h, mine, token).ConfigureAwait(false);
            foreach (var step in mine.Where(s => s.Kind == ChangeKind.HostSettingApplied))
            {
                var command = step.Target == Swap
                    ? "swapoff -a && if grep -Eq '^[^#].*[[:space:]]swap[[:space:]]' /etc/fstab; then sed -i -E 's/^([^#].*[[:space:]]swap[[:space:]].*)$/# \\1  # disabled by K8sBare/' /etc/fstab; fi"
                    : ApplyCommand(HostFiles(h));
                var r = await h.Connection.RunAsync(command, new CommandOptions { AllowNonZeroExit = true }, token).ConfigureAwait(false);
                if (r.Succeeded) run.Applied(step);
                else run.Warn(step.Target == Swap
                    ? $"{h.Name}: could not turn swap off: {r.StdErr.Trim()}"
                    : $"{h.Name}: could not load modules or apply sysctls now (usual in a container; the files are in place for the next boot): {r.StdErr.Trim()}");
            }
        }, ct);

    private static List<ArtifactFile> HostFiles(HostSession h) => h.Artifacts.Files.Where(f => f.Kind == ArtifactKind.Host).ToList();

    private static string ApplyCommand(IReadOnlyList<ArtifactFile> files)
    {
        var sysctl = files.FirstOrDefault(f => f.Path.StartsWith("/etc/sysctl.d/", StringComparison.Ordinal));
        var modules = string.Join(" ", HostPrepRendering.Modules);
        var cmd = $"for m in {modules}; do modprobe $m || true; done";
        return sysctl is null ? cmd : cmd + $"; sysctl -p {sysctl.Path}";
    }
}
