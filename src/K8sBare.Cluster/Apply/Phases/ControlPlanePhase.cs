using System.Diagnostics;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>Starts the control plane and waits until the API server answers /readyz.</summary>
internal sealed class ControlPlanePhase() : ServicesPhase(ApplyPhase.ControlPlane)
{
    protected override PlannedStep? Gate(ApplyRun run) =>
        run.Hosts.Any(h => h.Node.IsControlPlane && h.WillRun("kube-apiserver"))
            ? new PlannedStep(Id, null, ChangeKind.HealthChecked, "kube-apiserver /readyz", $"ready within {run.Options.ApiReadyTimeout.TotalSeconds:0} s")
            : null;

    protected override async Task<IReadOnlyList<string>> WaitHealthyAsync(ApplyRun run, PlannedStep gate, CancellationToken ct)
    {
        var failures = new List<string>();
        var host = await ApiAccess.RunningApiServerAsync(run, ct).ConfigureAwait(false);
        if (host is null)
        {
            run.Event(new ApplyEvent(ApplyPhase.ControlPlane, null, "api ready", ApplyEventState.Skipped, TimeSpan.Zero, "kube-apiserver is not running (see not-started services)"));
            return failures;
        }

        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.ControlPlane, host.Name, "api ready", ApplyEventState.Started, TimeSpan.Zero));
        using var client = ApiAccess.CreateClient(run, host.Node);
        var url = new Uri(ApiAccess.ServerFor(run, host.Node), "/readyz");
        var last = "no answer yet";
        while (sw.Elapsed < run.Options.ApiReadyTimeout)
        {
            try
            {
                var readiness = await client.GetReadinessAsync(ct).ConfigureAwait(false);
                if (readiness.Ready)
                {
                    run.Event(new ApplyEvent(ApplyPhase.ControlPlane, host.Name, "api ready", ApplyEventState.Unchanged, sw.Elapsed));
                    return failures;
                }

                last = string.Join(", ", readiness.FailedChecks);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                last = ex.Message;
            }

            await Task.Delay(1000, ct).ConfigureAwait(false);
        }

        run.Event(new ApplyEvent(ApplyPhase.ControlPlane, host.Name, "api ready", ApplyEventState.Failed, sw.Elapsed, last));
        failures.Add($"{host.Name}: kube-apiserver did not become ready at {url} within {run.Options.ApiReadyTimeout.TotalSeconds:0} s: {last}. Fix: read its log (journalctl -u kube-apiserver) — usually etcd is unreachable or a certificate path is wrong.");
        return failures;
    }
}
