using System.Diagnostics;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Starts the control plane and waits until it works on every control-plane node in scope: each kube-apiserver answers
/// /readyz, each kube-controller-manager and kube-scheduler /healthz on its secure port (they exit and are restarted by
/// their supervisor while a fresh apiserver does not serve their RBAC yet: "started" is not "running"). Restarts of
/// kube-apiserver on more than one host roll one host at a time: the next host restarts once the restarted apiserver
/// answers /readyz.
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
            ? new PlannedStep(Id, null, ChangeKind.HealthChecked, "kube-apiserver /readyz",
                $"ready within {run.Options.ApiReadyTimeout.TotalSeconds:0} s; then on every control-plane node: kube-apiserver /readyz, kube-controller-manager and kube-scheduler /healthz")
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
            return await WaitEveryNodeAsync(run, ct).ConfigureAwait(false);
        }

        run.Event(new ApplyEvent(ApplyPhase.ControlPlane, host.Name, "api ready", ApplyEventState.Failed, sw.Elapsed, last));
        failures.Add(new ApplyFailure(Id, host.Name, "api ready", $"kube-apiserver did not become ready at {url} within {run.Options.ApiReadyTimeout.TotalSeconds:0} s: {last}. Fix: read its log (journalctl -u kube-apiserver) — usually etcd is unreachable or a certificate path is wrong."));
        return failures;
    }

    /// <summary>
    /// Every control-plane node in scope: its own apiserver /readyz, and its controller-manager and scheduler /healthz
    /// (each when it runs there), within <see cref="ApplyOptions.ApiReadyTimeout"/>.
    /// </summary>
    private static async Task<IReadOnlyList<ApplyFailure>> WaitEveryNodeAsync(ApplyRun run, CancellationToken ct)
    {
        var hosts = run.Hosts.Where(h => h.Node.IsControlPlane && h.WillRun(ClusterComponents.KubeApiserver.Service)).ToList();
        return await run.ForEachHostAsync(ApplyPhase.ControlPlane, hosts, "control plane healthy", async (h, token) =>
        {
            var timeout = run.Options.ApiReadyTimeout;
            if (await WaitReadyAsync(run, h, timeout, token).ConfigureAwait(false) is { } notReady)
                throw new InvalidOperationException($"kube-apiserver at {new Uri(ApiAccess.ServerFor(run, h.Node), "/readyz")} not ready within {timeout.TotalSeconds:0} s: {notReady}. " +
                    "Fix: read its log (journalctl -u kube-apiserver).");
            foreach (var component in new[] { ClusterComponents.KubeControllerManager, ClusterComponents.KubeScheduler })
            {
                if (!h.WillRun(component.Service)) continue;
                var url = new Uri($"https://{Rendering.RenderContext.UrlHost(h.Node.Address)}:{component.Port("https")}/healthz");
                if (await WaitHealthzAsync(url, timeout, token).ConfigureAwait(false) is { } why)
                    throw new InvalidOperationException($"{component.Service} at {url} not healthy within {timeout.TotalSeconds:0} s: {why}. " +
                        $"Fix: read its log (journalctl -u {component.Service}): usually its kubeconfig, certificate or the apiserver it talks to.");
            }

            return false;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Polls a /healthz on a secure port until it answers 200; null when it did, else the last answer. No credentials
    /// are sent (/healthz is always allowed), and the server certificate is not checked: the controller-manager and
    /// the scheduler serve a self-signed one (no serving certificate is rendered for them, as with kubeadm); this is a
    /// liveness probe, nothing is trusted from the answer.
    /// </summary>
    private static async Task<string?> WaitHealthzAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var sw = Stopwatch.StartNew();
        var last = "no answer yet";
        while (sw.Elapsed < timeout)
        {
            try
            {
                using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return null;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = ex.Message;
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        return last;
    }
}
