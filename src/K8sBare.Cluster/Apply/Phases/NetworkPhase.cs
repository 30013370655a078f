using System.Diagnostics;
using System.Text.Json.Nodes;
using K8sBare.Cluster.Planning;
using K8sBare.Etcd;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Turns on etcd's authentication with least-privilege roles (see <see cref="EtcdAccess.Policy"/>) and, for the
/// flannel pod network, writes flannel's network config into etcd, each only when it differs, as etcd's
/// administrator. Both are planned steps: planning reads etcd (auth and the key) when it runs and asks
/// <see cref="EtcdAccessControl.PlanAsync"/> what the policy would change; when etcd starts in this apply the
/// steps are deferred (decided when they run).
/// </summary>
internal sealed class NetworkPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Network;

    /// <summary>The auth step's target.</summary>
    public const string AuthTarget = "etcd authentication";

    private const string FlannelStep = "flannel config";

    private const string AuthStep = "etcd access";

    public override async Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct)
    {
        var etcd = run.Hosts.Where(h => h.Node.IsEtcd).ToList();
        if (run.Offline || etcd.Count == 0 || !etcd.All(h => h.WillRun("etcd"))) return None;
        var key = Key(run);
        var flannel = run.Spec.PodNetwork == PodNetworkMode.Flannel;
        if (!etcd.All(h => h.State.Services.TryGetValue("etcd", out var s) && s.Active && h.PresentBinaries.Contains("etcd")))
        {
            run.Plan(new PlannedStep(Id, null, ChangeKind.EtcdAccessChanged, AuthTarget, "etcd starts in this apply; least-privilege roles and auth applied where they differ") { Deferred = true });
            if (flannel) run.Plan(new PlannedStep(Id, null, ChangeKind.EtcdKeyWritten, key, "etcd starts in this apply; written when it differs") { Deferred = true });
            return None;
        }

        using var client = EtcdAccess.CreateAdmin(run);
        try
        {
            var changes = await new EtcdAccessControl(client).PlanAsync(EtcdAccess.Policy(run), ct).ConfigureAwait(false);
            run.Observe(new ObservedState(null, AuthTarget, changes.Count == 0 ? "as the policy says" : string.Join("; ", changes)));
            if (changes.Count > 0) run.Plan(new PlannedStep(Id, null, ChangeKind.EtcdAccessChanged, AuthTarget, string.Join("; ", changes)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Plan(new PlannedStep(Id, null, ChangeKind.EtcdAccessChanged, AuthTarget, $"could not read it now ({ex.Message}); applied where it differs") { Deferred = true });
        }

        if (!flannel) return None;
        try
        {
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

    public override async Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct)
    {
        if (run.Offline)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, FlannelStep, ApplyEventState.Skipped, TimeSpan.Zero, $"offline target; would put {Key(run)}"));
            return [];
        }

        if (steps.Count == 0)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, AuthStep, ApplyEventState.Unchanged, TimeSpan.Zero, "nothing planned"));
            return [];
        }

        foreach (var h in run.Hosts.Where(h => h.Node.IsEtcd))
        {
            if (!await ServicesPhase.IsRunningAsync(h, "etcd", ct).ConfigureAwait(false))
            {
                run.Event(new ApplyEvent(ApplyPhase.Network, null, AuthStep, ApplyEventState.Skipped, TimeSpan.Zero, $"etcd is not running on {h.Name}"));
                run.Warn($"network: etcd authentication and flannel's config were not applied because etcd is not running on {h.Name}.");
                return [];
            }
        }

        using var client = EtcdAccess.CreateAdmin(run);
        foreach (var step in steps)
        {
            var failure = step.Kind switch
            {
                ChangeKind.EtcdAccessChanged => await EnsureAuthAsync(run, client, step, ct).ConfigureAwait(false),
                ChangeKind.EtcdKeyWritten => await WriteFlannelConfigAsync(run, client, step, ct).ConfigureAwait(false),
                _ => throw new InvalidOperationException($"network: no such step {step}"),
            };
            if (failure is not null) return [new ApplyFailure(Id, null, step.Kind == ChangeKind.EtcdAccessChanged ? AuthStep : FlannelStep, failure)];
        }

        return [];
    }

    /// <summary>Applies the etcd auth policy (idempotent; each change is recorded). Null on success, else the failure.</summary>
    private static async Task<string?> EnsureAuthAsync(ApplyRun run, IEtcdClient admin, PlannedStep step, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Network, null, AuthStep, ApplyEventState.Started, TimeSpan.Zero));
        try
        {
            var changes = await new EtcdAccessControl(admin, run.Options.Logger).ApplyAsync(EtcdAccess.Policy(run), ct).ConfigureAwait(false);
            foreach (var c in changes) run.Applied(step, c);
            run.Event(new ApplyEvent(ApplyPhase.Network, null, AuthStep, changes.Count > 0 ? ApplyEventState.Changed : ApplyEventState.Unchanged, sw.Elapsed,
                changes.Count > 0 ? string.Join("; ", changes) : "auth on, least-privilege roles in place"));
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, AuthStep, ApplyEventState.Failed, sw.Elapsed, ex.Message));
            return $"enabling etcd authentication failed: {ex.Message}. Fix: check etcd's health; the administrator certificate " +
                "(PKI entry etcd/admin-client, CN root) must be signed by the etcd CA the members trust.";
        }
    }

    private static async Task<string?> WriteFlannelConfigAsync(ApplyRun run, IEtcdClient client, PlannedStep step, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Network, null, FlannelStep, ApplyEventState.Started, TimeSpan.Zero));
        var key = step.Target;
        try
        {
            var current = await client.GetAsync(key, ct).ConfigureAwait(false);
            var desired = run.Artifacts!.FlannelNetworkConfig.Trim();
            if (current is not null && SameJson(current.Value, desired))
            {
                run.Event(new ApplyEvent(ApplyPhase.Network, null, FlannelStep, ApplyEventState.Unchanged, sw.Elapsed, key));
                return null;
            }

            await client.PutAsync(key, desired, cancellationToken: ct).ConfigureAwait(false);
            run.Applied(step, key);
            run.Event(new ApplyEvent(ApplyPhase.Network, null, FlannelStep, ApplyEventState.Changed, sw.Elapsed, key));
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Event(new ApplyEvent(ApplyPhase.Network, null, FlannelStep, ApplyEventState.Failed, sw.Elapsed, ex.Message));
            return $"writing {key} to etcd failed: {ex.Message}. Fix: run the etcd phase first and check etcd's health.";
        }
    }

    private static string Key(ApplyRun run) => run.Spec.Flannel.EtcdPrefix.TrimEnd('/') + "/config";

    private static bool SameJson(string a, string b) => JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
}
