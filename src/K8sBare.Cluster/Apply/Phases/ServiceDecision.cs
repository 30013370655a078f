using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// The one decision per service that planning makes and applying runs: enable it when it is not enabled,
/// report it not started while a binary is missing, start it when it is stopped, restart it when it runs
/// and its files or binaries change in this plan or a restart marker is pending.
/// </summary>
internal static class ServiceDecision
{
    public static IEnumerable<PlannedStep> Decide(ApplyPhase phase, HostSession h, IReadOnlyList<ServiceArtifact> services)
    {
        var changing = h.ChangingPaths();
        var replaced = h.Planned.Where(s => s.Kind == ChangeKind.BinaryUploaded).Select(s => s.Target).ToHashSet(StringComparer.Ordinal);
        foreach (var s in services)
        {
            // A folder has no service manager: a service there is installed and enabled once its unit exists.
            h.State.Services.TryGetValue(s.Name, out var status);
            var enabled = h.Offline ? h.PathState(s.UnitPath).Exists : status?.Enabled == true;
            if (!enabled) yield return new PlannedStep(phase, h.Name, ChangeKind.ServiceEnabled, s.Name, h.Offline || status?.Installed != true ? "new service" : "disabled");

            var missing = s.Binaries.Where(b => !h.AvailableBinaries.Contains(b)).ToList();
            if (missing.Count > 0)
            {
                yield return new PlannedStep(phase, h.Name, ChangeKind.ServiceNotStarted, s.Name,
                    $"binary missing: {string.Join(", ", missing.Select(b => KnownBinaries.Find(b)?.InstallPath ?? b))}");
                continue;
            }

            if (status?.Active != true)
            {
                yield return new PlannedStep(phase, h.Name, ChangeKind.ServiceStarted, s.Name, status?.State ?? "not running");
                continue;
            }

            var why = new List<string>();
            var files = s.Files.Where(changing.Contains).ToList();
            if (files.Count > 0) why.Add($"{files.Count} file(s) change: {string.Join(", ", files)}");
            var binaries = s.RestartOn.HasFlag(RestartTriggers.Binaries)
                ? h.Artifacts.Binaries.Where(b => s.Binaries.Contains(b.Name) && replaced.Contains(b.HostPath)).Select(b => b.Name).ToList() : [];
            if (binaries.Count > 0) why.Add($"binary replaced: {string.Join(", ", binaries)}");
            if (h.PendingMarkers.Contains(s.Name)) why.Add("restart pending from an earlier apply");
            if (why.Count > 0) yield return new PlannedStep(phase, h.Name, ChangeKind.ServiceRestarted, s.Name, string.Join("; ", why));
        }
    }
}
