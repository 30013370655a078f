using System.Diagnostics;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Starts the control plane and waits until the API server answers /readyz. Restarts of kube-apiserver on more than
/// one host roll one host at a time: the next host restarts once the restarted apiserver answers /readyz.
/// </summary>
internal sealed class ControlPlanePhase() : ServicesPhase(ApplyPhase.ControlPlane)
{
    protected override string? RollingService => "kube-apiserver";

    protected override string HostGateTarget => "kube-apiserver /readyz on the host";

    protected override async Task<string?> WaitHostHealthyAsync(ApplyRun run, HostSession h, CancellationToken ct)
    {
        var why = await WaitReadyAsync(run, h, run.Options.Rollout.HostHealthTimeout, ct).ConfigureAwait(false);
        return why is null ? null : $"kube-apiserver at {new Uri(ApiAccess.ServerFor(run, h.Node), "/readyz")} not ready within {run.Options.Rollout.HostHealthTimeout.TotalSeconds:0} s: {why}";
    }

    /// <summary>Polls /readyz on <paramref name="h"/>'s own apiserver; null when ready, else the last answer.</summary>
    private static async Task<string?> WaitReadyAsync(ApplyRun run, HostSession h, TimeSpan timeout, CancellationToken ct)
    {
        using var client = ApiAccess.CreateClient(run, h.Node);
        var sw = Stopwatch.StartNew();
        var last = "no answer yet";
        while (sw.Elapsed < timeout)
        {
            try
            {
                var readiness = await client.GetReadinessAsync(ct).ConfigureAwait(false);
                if (readiness.Ready) return null;
                last = string.Join(", ", readiness.FailedChecks);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                last = ex.Message;
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        return last;
    }

    protected override PlannedStep? Gate(ApplyRun run) =>
        run.Hosts.Any(h => h.Node.IsControlPlane && h.WillRun("kube-apiserver"))
            ? new PlannedStep(Id, null, ChangeKind.HealthChecked, "kube-apiserver /readyz", $"ready within {run.Options.ApiReadyTimeout.TotalSeconds:0} s")
            : null;

    protected override async Task<IReadOnlyList<ApplyFailure>> WaitHealthyAsync(ApplyRun run, PlannedStep gate, CancellationToken ct)
    {
        var failures = new List<ApplyFailure>();
        var host = await ApiAccess.RunningApiServerAsync(run, ct).ConfigureAwait(false);
        if (host is null)
        {
            run.Event(new ApplyEvent(ApplyPhase.ControlPlane, null, "api ready", ApplyEventState.Skipped, TimeSpan.Zero, "kube-apiserver is not running (see not-started services)"));
            return failures;
        }

        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.ControlPlane, host.Name, "api ready", ApplyEventState.Started, TimeSpan.Zero));
        var url = new Uri(ApiAccess.ServerFor(run, host.Node), "/readyz");
        if (await WaitReadyAsync(run, host, run.Options.ApiReadyTimeout, ct).ConfigureAwait(false) is not { } last)
        {
            run.Event(new ApplyEvent(ApplyPhase.ControlPlane, host.Name, "api ready", ApplyEventState.Unchanged, sw.Elapsed));
            return failures;
        }

        run.Event(new ApplyEvent(ApplyPhase.ControlPlane, host.Name, "api ready", ApplyEventState.Failed, sw.Elapsed, last));
        failures.Add(new ApplyFailure(Id, host.Name, "api ready", $"kube-apiserver did not become ready at {url} within {run.Options.ApiReadyTimeout.TotalSeconds:0} s: {last}. Fix: read its log (journalctl -u kube-apiserver) — usually etcd is unreachable or a certificate path is wrong."));
        return failures;
    }
}
