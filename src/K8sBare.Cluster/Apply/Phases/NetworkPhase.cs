using System.Diagnostics;
using System.Text.Json.Nodes;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Turns on etcd's authentication with least-privilege roles (see <see cref="EtcdAccess.Policy"/>) and writes flannel's
/// network config into etcd (each only when it differs), as etcd's administrator.
/// </summary>
internal sealed class NetworkPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Network;

    public override async Task<IReadOnlyList<string>> RunAsync(ApplyRun run, CancellationToken ct)
    {
        const string step = "flannel config";
        if (run.Offline)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Skipped, TimeSpan.Zero, $"offline target; would put {run.Spec.Flannel.EtcdPrefix}/config"));
            return [];
        }

        var etcd = run.Hosts.Where(h => h.Node.IsEtcd).ToList();
        foreach (var h in etcd)
        {
            if (!await ServicesPhase.IsRunningAsync(h, "etcd", ct).ConfigureAwait(false))
            {
                run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Skipped, TimeSpan.Zero, $"etcd is not running on {h.Name}"));
                run.Warn($"network: flannel's config was not written because etcd is not running on {h.Name}.");
                return [];
            }
        }

        var failure = await EnsureAuthAsync(run, ct).ConfigureAwait(false);
        if (failure is not null) return [failure];

        if (run.Spec.PodNetwork != PodNetworkMode.Flannel)
        {
            // The daemon-less pod network lives in files (CNI bridge config, routes run before the kubelet).
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Skipped, TimeSpan.Zero, $"pod network is {run.Spec.PodNetwork}: no flannel config in etcd"));
            return [];
        }

        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Started, TimeSpan.Zero));
        var key = run.Spec.Flannel.EtcdPrefix.TrimEnd('/') + "/config";
        try
        {
            using var client = EtcdAccess.CreateAdmin(run);
            var current = await client.GetAsync(key, ct).ConfigureAwait(false);
            var desired = run.Artifacts!.FlannelNetworkConfig.Trim();
            if (current is not null && JsonNode.DeepEquals(JsonNode.Parse(current.Value), JsonNode.Parse(desired)))
            {
                run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Unchanged, sw.Elapsed, key));
                return [];
            }

            await client.PutAsync(key, desired, cancellationToken: ct).ConfigureAwait(false);
            run.Change(ApplyPhase.Network, null, ChangeKind.EtcdKeyWritten, key);
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Changed, sw.Elapsed, key));
            return [];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Failed, sw.Elapsed, ex.Message));
            return [$"cluster: writing {key} to etcd failed: {ex.Message}. Fix: run the etcd phase first and check etcd's health."];
        }
    }

    /// <summary>Applies the etcd auth policy (idempotent; each change is recorded). Null on success, else the failure.</summary>
    private static async Task<string?> EnsureAuthAsync(ApplyRun run, CancellationToken ct)
    {
        const string step = "etcd access";
        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Started, TimeSpan.Zero));
        try
        {
            using var admin = EtcdAccess.CreateAdmin(run);
            var changes = await new K8sBare.Etcd.EtcdAccessControl(admin, run.Options.Logger).ApplyAsync(EtcdAccess.Policy(run), ct).ConfigureAwait(false);
            foreach (var c in changes) run.Change(ApplyPhase.Network, null, ChangeKind.EtcdAccessChanged, c);
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, changes.Count > 0 ? ApplyEventState.Changed : ApplyEventState.Unchanged, sw.Elapsed,
                changes.Count > 0 ? string.Join("; ", changes) : "auth on, least-privilege roles in place"));
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Failed, sw.Elapsed, ex.Message));
            return $"cluster: enabling etcd authentication failed: {ex.Message}. Fix: check etcd's health; the administrator certificate " +
                "(PKI entry etcd/admin-client, CN root) must be signed by the etcd CA the members trust.";
        }
    }
}
