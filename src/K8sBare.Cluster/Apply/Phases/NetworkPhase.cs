using System.Diagnostics;
using System.Text.Json.Nodes;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>Writes flannel's network config into etcd (only when it differs).</summary>
internal sealed class NetworkPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Network;

    private const string Step = "flannel config";

    /// <summary>
    /// Reads the key now when etcd runs (decided: write only when it differs); when etcd starts in this apply
    /// the write is deferred (compared when it runs); when etcd will not run, nothing is planned.
    /// </summary>
    public override async Task<IReadOnlyList<string>> PlanAsync(ApplyRun run, CancellationToken ct)
    {
        var etcd = run.Hosts.Where(h => h.Node.IsEtcd).ToList();
        if (run.Offline || etcd.Count == 0 || !etcd.All(h => h.WillRun("etcd"))) return None;
        var key = Key(run);
        if (!etcd.All(h => h.State.Services.TryGetValue("etcd", out var s) && s.Active && h.PresentBinaries.Contains("etcd")))
        {
            run.Plan(new PlannedStep(Id, null, ChangeKind.EtcdKeyWritten, key, "etcd starts in this apply; written when it differs") { Deferred = true });
            return None;
        }

        try
        {
            using var client = EtcdAccess.Create(run);
            var current = await client.GetAsync(key, ct).ConfigureAwait(false);
            run.Observe(new ObservedState(null, "etcd key " + key, current is null ? "missing" : current.Value));
            if (current is null || !SameJson(current.Value, run.Artifacts!.FlannelNetworkConfig))
                run.Plan(new PlannedStep(Id, null, ChangeKind.EtcdKeyWritten, key, current is null ? "missing" : "differs"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Plan(new PlannedStep(Id, null, ChangeKind.EtcdKeyWritten, key, $"could not read it now ({ex.Message}); written when it differs") { Deferred = true });
        }

        return None;
    }

    public override async Task<IReadOnlyList<string>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct)
    {
        const string step = Step;
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

        if (steps.Count == 0)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Unchanged, TimeSpan.Zero, Key(run)));
            return [];
        }

        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Started, TimeSpan.Zero));
        var key = Key(run);
        try
        {
            using var client = EtcdAccess.Create(run);
            var current = await client.GetAsync(key, ct).ConfigureAwait(false);
            var desired = run.Artifacts!.FlannelNetworkConfig.Trim();
            if (current is not null && SameJson(current.Value, desired))
            {
                run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Unchanged, sw.Elapsed, key));
                return [];
            }

            await client.PutAsync(key, desired, cancellationToken: ct).ConfigureAwait(false);
            run.Applied(steps[0], key);
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Changed, sw.Elapsed, key));
            return [];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, step, ApplyEventState.Failed, sw.Elapsed, ex.Message));
            return [$"cluster: writing {key} to etcd failed: {ex.Message}. Fix: run the etcd phase first and check etcd's health."];
        }
    }

    private static string Key(ApplyRun run) => run.Spec.Flannel.EtcdPrefix.TrimEnd('/') + "/config";

    private static bool SameJson(string a, string b) => JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
}
