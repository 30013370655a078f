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

    private const string Keepalived = "keepalived";

    /// <summary>
    /// With the keepalived VIP: when <paramref name="h"/> holds the address (seen on the host: <c>ip -o addr show</c> on the
    /// endpoint's interface), stops keepalived there (a stopping master sends a priority-0 advertisement, so a backup takes
    /// over at once) and waits until another control plane holds the address and the API answers /readyz through it; only
    /// then does the apiserver restart. A restarted holder would otherwise keep the address, refusing every request sent to
    /// it, until keepalived's health check gives it up.
    /// </summary>
    protected override async Task<IReadOnlyList<RollHandoff>> HandOffAsync(ApplyRun run, HostSession h, CancellationToken ct)
    {
        var endpoint = run.Spec.ApiEndpoint;
        if (!run.Options.Rollout.HandOffVirtualIp || endpoint.Mode != ApiEndpointMode.KeepalivedVip || endpoint.VirtualIp is not { } vip
            || !h.Node.IsControlPlane || !await IsRunningAsync(h, Keepalived, ct).ConfigureAwait(false)
            || !await HoldsAsync(h, endpoint, ct).ConfigureAwait(false))
            return [];
        var role = $"virtual IP {vip}";
        var began = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        var others = run.Hosts.Where(o => o != h && o.Node.IsControlPlane && !o.Offline).ToList();
        var backups = new List<HostSession>();
        foreach (var o in others)
            if (await IsRunningAsync(o, Keepalived, ct).ConfigureAwait(false)) backups.Add(o);
        if (backups.Count == 0)
        {
            const string why = "no other control plane runs keepalived to take the address";
            run.Event(new ApplyEvent(ApplyPhase.ControlPlane, h.Name, "hand off the VIP", ApplyEventState.Warning, TimeSpan.Zero, why));
            return [new RollHandoff(role, h.Name, null, began, DateTimeOffset.UtcNow, why + "; kube-apiserver restarted on the holder")];
        }

        run.Event(new ApplyEvent(ApplyPhase.ControlPlane, h.Name, "hand off the VIP", ApplyEventState.Started, TimeSpan.Zero, $"{h.Name} holds {vip}: stopping keepalived there until {string.Join(" or ", backups.Select(b => b.Name))} holds it and the API answers through it"));
        await h.Services.StopAsync(Keepalived, ct).ConfigureAwait(false);
        using var api = KubernetesClientFactory.FromKubeconfig(run.Pki.Kubeconfig(Pki.Catalog.CatalogEntryNames.Admin, $"https://{Rendering.RenderContext.UrlHost(vip)}:{endpoint.Port}"));
        var last = "no host holds the address yet";
        while (sw.Elapsed < run.Options.Rollout.HostHealthTimeout)
        {
            HostSession? holder = null;
            foreach (var b in backups)
                if (await HoldsAsync(b, endpoint, ct).ConfigureAwait(false)) { holder = b; break; }
            if (holder is not null)
            {
                try
                {
                    var readiness = await api.GetReadinessAsync(ct).ConfigureAwait(false);
                    if (readiness.Ready)
                    {
                        run.Event(new ApplyEvent(ApplyPhase.ControlPlane, h.Name, "hand off the VIP", ApplyEventState.Changed, sw.Elapsed, $"{holder.Name} holds {vip} and the API answers through it"));
                        return [new RollHandoff(role, h.Name, holder.Name, began, DateTimeOffset.UtcNow, null)];
                    }

                    last = $"{holder.Name} holds it; /readyz: {string.Join(", ", readiness.FailedChecks)}";
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    last = $"{holder.Name} holds it; /readyz: {ex.Message}";
                }
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        var failed = $"the address did not move within {run.Options.Rollout.HostHealthTimeout.TotalSeconds:0} s ({last})";
        run.Event(new ApplyEvent(ApplyPhase.ControlPlane, h.Name, "hand off the VIP", ApplyEventState.Warning, sw.Elapsed, failed));
        return [new RollHandoff(role, h.Name, null, began, DateTimeOffset.UtcNow, failed + "; kube-apiserver restarted with keepalived stopped on the holder")];
    }

    /// <summary>Starts keepalived again on the former holder: it comes back as a backup (nopreempt by default) and does not take the address back.</summary>
    protected override async Task TakeBackAsync(ApplyRun run, HostSession h, IReadOnlyList<RollHandoff> handoffs)
    {
        if (!handoffs.Any(x => x.Role.StartsWith("virtual IP", StringComparison.Ordinal))) return;
        // Also after a cancelled apply: keepalived must not stay stopped because the caller gave up on the turn.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await h.Services.StartAsync(Keepalived, cts.Token).ConfigureAwait(false);
            run.Event(new ApplyEvent(ApplyPhase.ControlPlane, h.Name, "keepalived back", ApplyEventState.Changed, TimeSpan.Zero, "started again as a backup"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Event(new ApplyEvent(ApplyPhase.ControlPlane, h.Name, "keepalived back", ApplyEventState.Failed, TimeSpan.Zero,
                $"{ex.Message.Split('\n')[0]}. Fix: start keepalived on {h.Name} (systemctl start keepalived / rc-service keepalived start), or apply again"));
        }
    }

    /// <summary>True when the endpoint's virtual IP is on the host's interface (<c>ip -o addr show dev IFACE</c>).</summary>
    private static async Task<bool> HoldsAsync(HostSession h, ApiEndpoint endpoint, CancellationToken ct)
    {
        var r = await h.Connection.RunAsync($"ip -o addr show dev {K8sBare.Remote.Shell.ShellQuote.Quote(endpoint.Interface)}", null, ct).ConfigureAwait(false);
        return r.Succeeded && VirtualIpHolder.Holds(r.StdOut, endpoint.VirtualIp!);
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
