using System.Diagnostics;
using k8s;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>Waits until every worker is registered and Ready.</summary>
internal sealed class VerifyPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Verify;

    public override Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct)
    {
        if (!run.Offline && run.Hosts.Any(h => h.Node.IsControlPlane && h.WillRun("kube-apiserver")) && run.Hosts.Any(h => h.Node.IsWorker && h.WillRun("kubelet")))
            run.Plan(new PlannedStep(Id, null, ChangeKind.HealthChecked, "nodes Ready", $"every running kubelet's node Ready within {run.Options.NodesReadyTimeout.TotalSeconds:0} s"));
        return Task.FromResult(None);
    }

    public override async Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct)
    {
        const string step = "nodes ready";
        if (run.Offline)
        {
            run.Event(new ApplyEvent(ApplyPhase.Verify, null, step, ApplyEventState.Skipped, TimeSpan.Zero, "offline target"));
            return [];
        }

        if (steps.Count == 0)
        {
            run.Event(new ApplyEvent(ApplyPhase.Verify, null, step, ApplyEventState.Skipped, TimeSpan.Zero, "no API server or no kubelet runs"));
            run.Warn("verify: skipped because no API server or no kubelet runs.");
            return [];
        }

        var host = await ApiAccess.RunningApiServerAsync(run, ct).ConfigureAwait(false);
        var workers = run.Hosts.Where(h => h.Node.IsWorker).ToList();
        var kubeletsRunning = new List<HostSession>();
        foreach (var w in workers)
            if (await ServicesPhase.IsRunningAsync(w, "kubelet", ct).ConfigureAwait(false)) kubeletsRunning.Add(w);
        if (host is null || kubeletsRunning.Count == 0)
        {
            var why = host is null ? "kube-apiserver is not running" : "no kubelet is running";
            run.Event(new ApplyEvent(ApplyPhase.Verify, null, step, ApplyEventState.Skipped, TimeSpan.Zero, why));
            run.Warn($"verify: skipped because {why}.");
            return [];
        }

        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Verify, null, step, ApplyEventState.Started, TimeSpan.Zero));
        using var client = ApiAccess.CreateClient(run, host.Node);
        var notReady = kubeletsRunning.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        while (sw.Elapsed < run.Options.NodesReadyTimeout)
        {
            try
            {
                foreach (var node in (await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false)).Items)
                    if (node.IsReady()) notReady.Remove(node.Metadata.Name);
                if (notReady.Count == 0)
                {
                    run.Event(new ApplyEvent(ApplyPhase.Verify, null, step, ApplyEventState.Unchanged, sw.Elapsed, $"{kubeletsRunning.Count} node(s) Ready"));
                    return [];
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (run.Options.Logger is { } log) Microsoft.Extensions.Logging.LoggerExtensions.LogDebug(log, "{Message}", ex.Message);
            }

            await Task.Delay(2000, ct).ConfigureAwait(false);
        }

        run.Event(new ApplyEvent(ApplyPhase.Verify, null, step, ApplyEventState.Failed, sw.Elapsed, $"not Ready: {string.Join(", ", notReady)}"));
        return [new ApplyFailure(Id, null, step, $"nodes not Ready after {run.Options.NodesReadyTimeout.TotalSeconds:0} s: {string.Join(", ", notReady)}. Fix: read the kubelet log on those nodes (CNI config, containerd socket, certificates).")];
    }
}
