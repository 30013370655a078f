using System.Diagnostics;
using k8s;
using k8s.Autorest;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Etcd;
using K8sBare.Pki.Generation;
using K8sBare.Remote;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// Day-2 node membership: add, remove, and replace a dead control-plane/etcd node. Each operation is planned first
/// (<c>Plan…Async</c>: reads only) and refused with nothing changed when unsafe — removing the last etcd member or
/// control plane, a change that would lose etcd quorum, an even voting-member count without
/// <see cref="NodeOperationOptions.AllowEvenMemberCount"/>. Running it re-plans and runs the steps in order; the
/// cluster-wide part is an apply of the resulting spec (<see cref="NodeOperationPlan.Spec"/>), so an interrupted
/// operation finishes when run again.
/// </summary>
/// <param name="connections">Opens host connections (SSH).</param>
/// <param name="logger">Optional logger.</param>
public sealed class ClusterNodeOperations(IHostConnectionFactory connections, ILogger? logger = null)
{
    private readonly ILogger _log = logger ?? NullLogger.Instance;

    /// <summary>The spec after the operation must itself be valid (every problem, field and fix), before anything is contacted.</summary>
    private static void RefuseInvalid(ClusterSpec after, List<string> refusals)
    {
        foreach (var e in after.Validate(ValidationOptions.ForRender).Errors) refusals.Add($"{e.Field}: {e.Message} Fix: {e.Fix}");
    }

    // ---------------------------------------------------------------- add

    /// <summary>Plans adding <paramref name="node"/> to the cluster described by <paramref name="spec"/>. Reads only.</summary>
    /// <param name="spec">The cluster as it runs now.</param>
    /// <param name="node">The new node (its roles decide what joins: an etcd node joins as a learner, one at a time).</param>
    /// <param name="options">PKI store, timeouts.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<NodeOperationPlan> PlanAddAsync(ClusterSpec spec, NodeSpec node, NodeOperationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(options);
        var refusals = new List<string>();
        if (spec.Nodes.Any(n => n.Name == node.Name)) refusals.Add($"A node named '{node.Name}' is already in the spec. Fix: choose another name, or replace that node.");
        if (spec.Nodes.Any(n => n.Addresses.Contains(node.Address))) refusals.Add($"Address {node.Address} already belongs to a node of the spec. Fix: use the new host's own address, or replace that node.");
        var after = spec with { Nodes = [.. spec.Nodes, node] };
        if (refusals.Count == 0) RefuseInvalid(after, refusals);
        var steps = new List<NodeOperationStep>();
        if (node.IsEtcd && refusals.Count == 0)
        {
            var members = await ReadEtcdAsync(spec, options, spec.EtcdNodes.ToList(), refusals, cancellationToken).ConfigureAwait(false);
            if (members is not null)
            {
                var bad = members.Where(h => !h.Healthy).ToList();
                if (bad.Count > 0)
                    refusals.Add($"etcd has unhealthy members ({string.Join("; ", bad.Select(b => $"{b.Member.Name}: {b.Error}"))}): a member joins only a healthy cluster. Fix: bring them back or replace them first.");
                steps.Add(new(null, "add etcd member", $"'{node.Name}' as a learner ({members.Count} member(s) now), promoted once caught up"));
            }
        }

        steps.Add(new(node.Name, "apply", "install and start the node's components (its certificates are issued from the PKI store)"));
        if (node.IsControlPlane || node.IsEtcd)
            foreach (var cp in spec.Nodes.Where(n => n.IsControlPlane || n.IsEtcd || spec.ApiEndpoint.Mode == ApiEndpointMode.LocalProxy))
                steps.Add(new(cp.Name, "apply", "learn the new member: --etcd-servers, load-balancer backends (restarted where their files change)"));
        else if (spec.PodNetwork == PodNetworkMode.StaticRoutes)
            foreach (var w in spec.WorkerNodes) steps.Add(new(w.Name, "apply", "route to the new worker's pod range"));
        return new NodeOperationPlan { Kind = NodeOperationKind.Add, Node = node.Name, Spec = after, Steps = steps, Refusals = refusals };
    }

    /// <summary>Adds a node: plans (refusing what is unsafe), then applies the grown spec; an etcd node joins as a learner and is promoted.</summary>
    /// <param name="spec">The cluster as it runs now.</param>
    /// <param name="node">The new node.</param>
    /// <param name="options">PKI store, timeouts.</param>
    /// <param name="cancellationToken">Stops the operation (running it again finishes it).</param>
    /// <exception cref="UnsafeNodeOperationException">Refused; nothing changed.</exception>
    /// <exception cref="ApplyException">The apply failed; run again to finish.</exception>
    public async Task<NodeOperationResult> AddAsync(ClusterSpec spec, NodeSpec node, NodeOperationOptions options, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var plan = await PlanAddAsync(spec, node, options, cancellationToken).ConfigureAwait(false);
        if (!plan.IsSafe) throw new UnsafeNodeOperationException(plan);
        var (apply, etcd) = await ApplyAsync(plan.Spec, options, cancellationToken, hosts: ScopeOf(plan)).ConfigureAwait(false);
        return new NodeOperationResult
        {
            Plan = plan, Apply = apply, Duration = sw.Elapsed, EtcdDuration = node.IsEtcd ? etcd : null,
            Outcomes = [$"applied: {apply.Changes.Count} change(s), {apply.ServiceRestarts.Count} start(s)/restart(s)"],
        };
    }

    // ---------------------------------------------------------------- remove

    /// <summary>Plans removing <paramref name="nodeName"/>. Reads only (etcd member list and health from the other members).</summary>
    /// <param name="spec">The cluster as it runs now.</param>
    /// <param name="nodeName">The node to remove.</param>
    /// <param name="options">PKI store, consent to an even member count, timeouts.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="ArgumentException">No such node in the spec.</exception>
    public async Task<NodeOperationPlan> PlanRemoveAsync(ClusterSpec spec, string nodeName, NodeOperationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var node = Find(spec, nodeName, nameof(nodeName));
        var after = spec with { Nodes = spec.Nodes.Where(n => n.Name != nodeName).ToList() };
        var refusals = new List<string>();
        var steps = new List<NodeOperationStep>();
        if (node.IsControlPlane && !after.ControlPlaneNodes.Any())
            refusals.Add($"'{nodeName}' is the last control-plane node: the cluster would have no API server. Fix: add another control-plane node first.");
        steps.Add(new(null, "cordon and drain", $"'{nodeName}' through the API when it answers (PodDisruptionBudgets respected)"));
        if (refusals.Count == 0) await CheckDisruptionBudgetsAsync(spec, nodeName, options, refusals, cancellationToken).ConfigureAwait(false);
        steps.Add(new(null, "delete Node object", $"'{nodeName}'"));
        if (node.IsEtcd)
        {
            var others = after.EtcdNodes.ToList();
            if (others.Count == 0)
                refusals.Add($"'{nodeName}' holds the last etcd member: removing it deletes the cluster's data. Fix: add an etcd node first, or reset the cluster deliberately (and keep a snapshot).");
            else if (await PlanMemberRemovalAsync(spec, node, others, options, allowEven: options.AllowEvenMemberCount, refusals, cancellationToken).ConfigureAwait(false) is { } step)
                steps.Add(step);
        }

        steps.Add(new(nodeName, "stop and clean", "reset the host: stop and remove K8sBare's services, files, binaries and data dirs (skipped when the host is unreachable)"));
        foreach (var h in HostsToUpdateAfterRemoval(node, after)) steps.Add(new(h, "apply", "forget the removed node (--etcd-servers, load-balancer backends, routes)"));
        return new NodeOperationPlan { Kind = NodeOperationKind.Remove, Node = nodeName, Spec = after, Steps = steps, Refusals = refusals };
    }

    /// <summary>
    /// Removes a node: cordon and drain through the API when it answers, delete its Node object, remove its etcd member
    /// (by ID, without contacting it), stop and clean its host when reachable (succeeding when not), then apply the
    /// remaining cluster where it must learn of the removal.
    /// </summary>
    /// <param name="spec">The cluster as it runs now.</param>
    /// <param name="nodeName">The node to remove.</param>
    /// <param name="options">PKI store, drain options, consent to an even member count, timeouts.</param>
    /// <param name="cancellationToken">Stops the operation (running it again finishes it).</param>
    /// <exception cref="UnsafeNodeOperationException">Refused; nothing changed.</exception>
    public async Task<NodeOperationResult> RemoveAsync(ClusterSpec spec, string nodeName, NodeOperationOptions options, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var plan = await PlanRemoveAsync(spec, nodeName, options, cancellationToken).ConfigureAwait(false);
        if (!plan.IsSafe) throw new UnsafeNodeOperationException(plan);
        var node = Find(spec, nodeName, nameof(nodeName));
        var outcomes = new List<string>();
        // A host that does not answer has no kubelet to confirm that a pod stopped: its pods are deleted at once
        // (grace period 0, still through the Eviction API, so budgets are respected) instead of waiting for the timeout.
        var unreachable = await UnreachableReasonAsync(node, options, cancellationToken).ConfigureAwait(false);
        var drain = options.Drain ?? new DrainOptions();
        if (unreachable is not null && options.Drain?.GracePeriod is null)
        {
            drain = drain with { GracePeriod = TimeSpan.Zero };
            outcomes.Add($"{nodeName}: host unreachable ({unreachable}); its pods are evicted with grace period 0 (no kubelet can confirm they stopped)");
        }

        var (drained, said) = await DrainAndDeleteAsync(spec, nodeName, options, drain, cancellationToken).ConfigureAwait(false);
        outcomes.Add(said);

        TimeSpan? etcdTime = null;
        if (node.IsEtcd)
        {
            var esw = Stopwatch.StartNew();
            outcomes.Add(await RemoveMemberAsync(spec, node, plan.Spec.EtcdNodes.ToList(), options, options.AllowEvenMemberCount, cancellationToken).ConfigureAwait(false));
            etcdTime = esw.Elapsed;
        }

        outcomes.Add(unreachable is not null
            ? $"{nodeName}: host skipped, unreachable ({unreachable}); its services were not stopped — reset the host if it comes back"
            : await StopAndCleanAsync(spec, node, cancellationToken).ConfigureAwait(false));
        ApplyResult? apply = null;
        if (HostsToUpdateAfterRemoval(node, plan.Spec).Count > 0)
        {
            (apply, _) = await ApplyAsync(plan.Spec, options, cancellationToken, hosts: ScopeOf(plan)).ConfigureAwait(false);
            outcomes.Add($"applied the remaining cluster: {apply.Changes.Count} change(s), {apply.ServiceRestarts.Count} start(s)/restart(s)");
        }

        return new NodeOperationResult { Plan = plan, Outcomes = outcomes, Apply = apply, Drain = drained, Duration = sw.Elapsed, EtcdDuration = etcdTime };
    }

    // ---------------------------------------------------------------- replace

    /// <summary>
    /// Plans replacing the dead control-plane/etcd node <paramref name="deadNode"/> with <paramref name="replacement"/>
    /// (null: a fresh host at the same name and address). Reads only; the dead host is never contacted.
    /// </summary>
    /// <param name="spec">The cluster as it runs now.</param>
    /// <param name="deadNode">The node whose host is gone.</param>
    /// <param name="replacement">The new node (same roles); null for the same name and address.</param>
    /// <param name="options">PKI store, timeouts.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="ArgumentException">No such node in the spec.</exception>
    public async Task<NodeOperationPlan> PlanReplaceAsync(ClusterSpec spec, string deadNode, NodeSpec? replacement, NodeOperationOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var dead = Find(spec, deadNode, nameof(deadNode));
        var fresh = replacement ?? dead;
        var refusals = new List<string>();
        var steps = new List<NodeOperationStep>();
        if (!dead.IsControlPlane && !dead.IsEtcd)
            refusals.Add($"'{deadNode}' is a worker: replace a worker by removing it and adding the new one.");
        if (fresh.Roles != dead.Roles)
            refusals.Add($"The replacement has roles {fresh.Roles}, '{deadNode}' has {dead.Roles}. Fix: give it the same roles (change roles with remove and add).");
        if (fresh.Name != dead.Name && spec.Nodes.Any(n => n.Name == fresh.Name))
            refusals.Add($"A node named '{fresh.Name}' is already in the spec.");
        var after = spec with { Nodes = spec.Nodes.Select(n => n.Name == deadNode ? fresh : n).ToList() };
        RefuseInvalid(after, refusals);
        // Nothing is contacted for a request refused on its face (a bad name or address, a duplicate).
        if (refusals.Count > 0) return new NodeOperationPlan { Kind = NodeOperationKind.Replace, Node = deadNode, Spec = after, Steps = steps, Refusals = refusals };
        if (dead.IsEtcd)
        {
            var survivors = spec.EtcdNodes.Where(n => n.Name != deadNode && n.Address != fresh.Address).ToList();
            if (survivors.Count == 0)
                refusals.Add($"'{deadNode}' held the only etcd member: there is nothing to rejoin. Fix: restore a snapshot onto the new host.");
            else if (await PlanMemberRemovalAsync(spec, dead, survivors, options, allowEven: true, refusals, cancellationToken).ConfigureAwait(false) is { } step)
                steps.Add(step);
        }

        // The replacement must answer before anything changes (the dead host itself is never contacted).
        try
        {
            await using var c = await OpenWithTimeoutAsync(fresh, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            refusals.Add($"The replacement host {fresh.Name} ({fresh.Address}) does not answer over SSH: {ex.Message} Fix: boot it with the cluster's SSH access, then run again.");
        }

        if (dead.IsEtcd) steps.Add(new(fresh.Name, "wipe etcd data dir", $"{EtcdRendering.DataDir} (a member starts from an empty data dir, or rejoins as the old ID)"));
        steps.Add(new(null, "re-issue certificates", $"'{fresh.Name}''s certificates and kubeconfigs in the PKI store (new keys)"));
        steps.Add(new(fresh.Name, "apply", "install and start; etcd joins as a learner with the exact member list, promoted once caught up"));
        foreach (var h in after.Nodes.Where(n => n.Name != fresh.Name && (n.IsControlPlane || n.IsEtcd || after.ApiEndpoint.Mode == ApiEndpointMode.LocalProxy)))
            steps.Add(new(h.Name, "apply", "learn the replacement (--etcd-servers, load-balancer backends) where it changes"));
        return new NodeOperationPlan { Kind = NodeOperationKind.Replace, Node = deadNode, Spec = after, Steps = steps, Refusals = refusals };
    }

    /// <summary>
    /// Replaces a dead control-plane/etcd node: removes its etcd member by ID without contacting it, wipes the
    /// replacement's etcd data dir, re-issues its certificates, and applies — the replacement joins as a learner with
    /// the exact member list, is promoted once caught up, and the apply waits for every member to be healthy.
    /// </summary>
    /// <param name="spec">The cluster as it runs now.</param>
    /// <param name="deadNode">The node whose host is gone.</param>
    /// <param name="replacement">The new node (same roles); null for a fresh host at the same name and address.</param>
    /// <param name="options">PKI store, timeouts.</param>
    /// <param name="cancellationToken">Stops the operation (running it again finishes it).</param>
    /// <exception cref="UnsafeNodeOperationException">Refused; nothing changed.</exception>
    public async Task<NodeOperationResult> ReplaceAsync(ClusterSpec spec, string deadNode, NodeSpec? replacement, NodeOperationOptions options,
        CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var plan = await PlanReplaceAsync(spec, deadNode, replacement, options, cancellationToken).ConfigureAwait(false);
        if (!plan.IsSafe) throw new UnsafeNodeOperationException(plan);
        var dead = Find(spec, deadNode, nameof(deadNode));
        var fresh = replacement ?? dead;
        var outcomes = new List<string>();
        var etcdClock = Stopwatch.StartNew();
        if (dead.IsEtcd)
        {
            var survivors = spec.EtcdNodes.Where(n => n.Name != deadNode && n.Address != fresh.Address).ToList();
            outcomes.Add(await RemoveMemberAsync(spec, dead, survivors, options, allowEven: true, cancellationToken).ConfigureAwait(false));
            await using var c = await OpenWithTimeoutAsync(fresh, options, cancellationToken).ConfigureAwait(false);
            var services = await c.RunAsync($"(systemctl stop etcd 2>/dev/null || rc-service etcd stop 2>/dev/null || true) && rm -rf {EtcdRendering.DataDir}", cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            services.EnsureSuccess("wipe the etcd data dir");
            outcomes.Add($"{fresh.Name}: etcd stopped and {EtcdRendering.DataDir} wiped");
        }

        outcomes.Add(await ReissueAsync(spec, fresh.Name, options, cancellationToken).ConfigureAwait(false));
        var (apply, etcdDone) = await ApplyAsync(plan.Spec, options, cancellationToken, etcdClock).ConfigureAwait(false);
        outcomes.Add($"applied: {apply.Changes.Count} change(s), {apply.ServiceRestarts.Count} start(s)/restart(s)");
        return new NodeOperationResult { Plan = plan, Outcomes = outcomes, Apply = apply, Duration = sw.Elapsed, EtcdDuration = dead.IsEtcd ? etcdDone : null };
    }

    // ---------------------------------------------------------------- steps

    private static NodeSpec Find(ClusterSpec spec, string name, string param)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, param);
        return spec.Nodes.FirstOrDefault(n => n.Name == name)
            ?? throw new ArgumentException($"No node named '{name}' in the spec; nodes: {string.Join(", ", spec.Nodes.Select(n => n.Name))}.", param);
    }

    private static List<string> HostsToUpdateAfterRemoval(NodeSpec removed, ClusterSpec after) =>
        removed.IsControlPlane || removed.IsEtcd
            ? after.Nodes.Where(n => n.IsControlPlane || n.IsEtcd || after.ApiEndpoint.Mode == ApiEndpointMode.LocalProxy).Select(n => n.Name).ToList()
            : after.PodNetwork == PodNetworkMode.StaticRoutes ? after.WorkerNodes.Select(n => n.Name).ToList() : [];

    private static IReadOnlyList<Uri> ClientUrls(IEnumerable<NodeSpec> nodes) =>
        nodes.Select(n => new Uri($"https://{RenderContext.UrlHost(n.Address)}:2379")).ToList();

    private static bool IsMemberOf(EtcdMember m, NodeSpec node) =>
        m.PeerUrls.Any(u => EtcdPeer.Normalize(u.OriginalString) == EtcdPeer.Normalize(EtcdPeer.PeerUrlOf(node))) || (m.Name.Length > 0 && m.Name == node.Name);

    private async Task<IReadOnlyList<EtcdMemberHealth>?> ReadEtcdAsync(ClusterSpec spec, NodeOperationOptions options, IReadOnlyList<NodeSpec> ask,
        List<string> refusals, CancellationToken ct)
    {
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, options.PkiDirectory, options.Logger, ct).ConfigureAwait(false);
        using var admin = EtcdAccess.CreateAdmin(pki, ClientUrls(ask), options.Logger);
        try
        {
            return await admin.CheckMembersHealthAsync(ct).ConfigureAwait(false);
        }
        catch (EtcdException ex)
        {
            refusals.Add($"etcd's member list could not be read from {string.Join(", ", ask.Select(n => n.Name))}: {ex.Message} Nothing was changed. Fix: make a quorum of members reachable on port 2379 from here.");
            return null;
        }
    }

    private async Task<NodeOperationStep?> PlanMemberRemovalAsync(ClusterSpec spec, NodeSpec node, IReadOnlyList<NodeSpec> ask, NodeOperationOptions options,
        bool allowEven, List<string> refusals, CancellationToken ct)
    {
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, options.PkiDirectory, options.Logger, ct).ConfigureAwait(false);
        using var admin = EtcdAccess.CreateAdmin(pki, ClientUrls(ask), options.Logger);
        IReadOnlyList<EtcdMember> members;
        try
        {
            members = await admin.ListMembersAsync(ct).ConfigureAwait(false);
        }
        catch (EtcdException ex)
        {
            refusals.Add($"etcd's member list could not be read from {string.Join(", ", ask.Select(n => n.Name))}: {ex.Message} Nothing was changed. " +
                "Fix: make a quorum of members reachable on port 2379 from here; with quorum lost, restore a snapshot instead.");
            return null;
        }

        var target = members.FirstOrDefault(m => IsMemberOf(m, node));
        if (target is null) return new NodeOperationStep(null, "remove etcd member", $"none: no member has '{node.Name}''s peer URL any more (already removed)");
        try
        {
            await Membership(admin, options, allowEven).CheckRemoveAsync(target.Id, ct).ConfigureAwait(false);
        }
        catch (UnsafeMembershipChangeException ex)
        {
            refusals.Add(ex.Message + (allowEven || !ex.Message.Contains("voting members", StringComparison.Ordinal) ? "" : " (NodeOperationOptions.AllowEvenMemberCount, CLI --allow-even)"));
        }

        return new NodeOperationStep(null, "remove etcd member", $"{target.Id} ({(target.Name.Length > 0 ? target.Name : node.Name)}) by ID, without contacting it; {members.Count - 1} member(s) left");
    }

    private static EtcdMembership Membership(IEtcdClient admin, NodeOperationOptions options, bool allowEven) => new(admin, new EtcdMembershipOptions
    {
        AllowEvenMemberCount = allowEven,
        HealthTimeout = options.EtcdTimeout,
        PromoteTimeout = options.EtcdTimeout,
    }, options.Logger);

    private async Task<string> RemoveMemberAsync(ClusterSpec spec, NodeSpec node, IReadOnlyList<NodeSpec> ask, NodeOperationOptions options, bool allowEven, CancellationToken ct)
    {
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, options.PkiDirectory, options.Logger, ct).ConfigureAwait(false);
        using var admin = EtcdAccess.CreateAdmin(pki, ClientUrls(ask), options.Logger);
        var target = (await admin.ListMembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(m => IsMemberOf(m, node));
        if (target is null) return $"etcd: no member for '{node.Name}' (already removed)";
        await Membership(admin, options, allowEven).RemoveAsync(target.Id, ct).ConfigureAwait(false);
        _log.LogInformation("Removed etcd member {Id} ({Name})", target.Id, node.Name);
        return $"etcd: member {target.Id} ({node.Name}) removed";
    }

    private static async Task CheckDisruptionBudgetsAsync(ClusterSpec spec, string nodeName, NodeOperationOptions options, List<string> refusals, CancellationToken ct)
    {
        IKubernetes api;
        try
        {
            api = await ClusterKubernetes.ConnectAsync(spec, options.PkiDirectory, new KubernetesConnectionOptions { RequestTimeout = options.ApiTimeout }, options.Logger, ct)
                .ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        using (api)
        {
            IReadOnlyList<DrainPod> blocked;
            try
            {
                blocked = await DisruptionBudgets.FindBlockedEvictionsAsync(api, nodeName, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or TaskCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
                // The API does not answer: the drain is skipped then too (the removal reports it).
                return;
            }

            if (blocked.Count > 0)
                refusals.Add($"Draining '{nodeName}' would violate PodDisruptionBudgets now:\n{string.Join("\n", blocked.Select(b => "    " + b))}\n  " +
                    "Fix: let the budget allow a disruption (another healthy replica on another node, or a lower minAvailable / higher maxUnavailable), then run again.");
        }
    }

    private async Task<string?> UnreachableReasonAsync(NodeSpec node, NodeOperationOptions options, CancellationToken ct)
    {
        try
        {
            await using var c = await OpenWithTimeoutAsync(node, options, ct).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return ex is OperationCanceledException ? $"no answer within {options.ConnectTimeout.TotalSeconds:0.#} s" : ex.Message;
        }
    }

    private static async Task<(DrainReport? Report, string Outcome)> DrainAndDeleteAsync(ClusterSpec spec, string nodeName, NodeOperationOptions options, DrainOptions drain, CancellationToken ct)
    {
        IKubernetes api;
        try
        {
            api = await ClusterKubernetes.ConnectAsync(spec, options.PkiDirectory, new KubernetesConnectionOptions { RequestTimeout = options.ApiTimeout }, options.Logger, ct)
                .ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException ex)
        {
            return (null, $"API: skipped ({ex.Message})");
        }

        using (api)
        {
            try
            {
                await api.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return (null, $"API: no Node object '{nodeName}' (never registered or already deleted)");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
                return (null, $"API: not answering ({ex.Message}); cordon, drain and Node deletion skipped");
            }

            // The drain cordons once its checks pass (a refused drain leaves the node schedulable).
            var report = await api.DrainNodeAsync(nodeName, drain, options.Logger, ct).ConfigureAwait(false);
            await api.CoreV1.DeleteNodeAsync(nodeName, cancellationToken: ct).ConfigureAwait(false);
            return (report, $"API: '{nodeName}' cordoned and drained ({report}), Node object deleted");
        }
    }

    private async Task<string> StopAndCleanAsync(ClusterSpec spec, NodeSpec node, CancellationToken ct)
    {
        // The member (if any) was removed just before: the host is reset like a fresh one.
        var reset = await new NodeReset(connections, logger).ResetAsync(spec, node.Name, new NodeResetOptions { EtcdMemberRemoved = true }, ct).ConfigureAwait(false);
        var what = $"{node.Name}: reset ({reset.Plan.Services.Count} service(s) stopped and removed, {reset.Plan.Files.Count} file(s), {reset.Plan.Binaries.Count} binary(ies), {reset.Plan.Directories.Count} dir(s))";
        return reset.Clean
            ? what + ", nothing of K8sBare's left"
            : what + $"; still there: {string.Join(", ", reset.Remaining.Concat(reset.StillRunning.Select(s => s + " (running)")))} — run the removal or a reset again";
    }

    private async Task<IHostConnection> OpenWithTimeoutAsync(NodeSpec node, NodeOperationOptions options, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.ConnectTimeout);
        var c = await connections.OpenAsync(node, cts.Token).ConfigureAwait(false);
        try
        {
            (await c.RunAsync("true", cancellationToken: cts.Token).ConfigureAwait(false)).EnsureSuccess("true");
            return c;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<string> ReissueAsync(ClusterSpec spec, string nodeName, NodeOperationOptions options, CancellationToken ct)
    {
        var store = new PkiStore(options.PkiDirectory);
        List<string> names;
        using (var pki = await ClusterRenderer.LoadPkiAsync(spec, options.PkiDirectory, options.Logger, ct).ConfigureAwait(false))
            names = pki.Catalog.Entries.Where(e => e.Node == nodeName && e.Kind == Pki.Catalog.CatalogEntryKind.Certificate).Select(e => e.Name).ToList();
        foreach (var n in names)
            foreach (var path in new[] { store.CertificatePath(n), store.KeyPath(n), store.KubeconfigPath(n) })
                File.Delete(path);
        return $"PKI: {names.Count} certificate(s) of '{nodeName}' set to be re-issued with new keys ({string.Join(", ", names)})";
    }

    /// <summary>
    /// The hosts an add or a removal applies to: those its plan touches, plus the control-plane and etcd nodes (the
    /// cluster-wide steps run through them); no other worker is contacted (<see cref="ApplyOptions.Hosts"/>).
    /// </summary>
    private static IReadOnlyList<string> ScopeOf(NodeOperationPlan plan)
    {
        var touched = plan.Hosts.ToHashSet(StringComparer.Ordinal);
        return plan.Spec.Nodes.Where(n => touched.Contains(n.Name) || n.IsControlPlane || n.IsEtcd).Select(n => n.Name).ToList();
    }

    private async Task<(ApplyResult Result, TimeSpan? EtcdDone)> ApplyAsync(ClusterSpec spec, NodeOperationOptions options, CancellationToken ct, Stopwatch? etcdClock = null, IReadOnlyList<string>? hosts = null)
    {
        etcdClock ??= Stopwatch.StartNew();
        TimeSpan? etcdDone = null;
        var progress = new Progress(e =>
        {
            if (e.Phase == ApplyPhase.Etcd && e.Host is null && e.Step == "phase" && e.State is ApplyEventState.Changed or ApplyEventState.Unchanged) etcdDone = etcdClock.Elapsed;
            options.Progress?.Report(e);
        });
        var result = await new ClusterApplier(connections, logger).ApplyAsync(spec, new ApplyOptions
        {
            PkiDirectory = options.PkiDirectory,
            BinaryCacheDirectory = options.BinaryCacheDirectory,
            EtcdReadyTimeout = options.EtcdTimeout,
            Progress = progress,
            Logger = options.Logger,
            Hosts = hosts,
        }, ct).ConfigureAwait(false);
        return (result, etcdDone);
    }

    /// <summary>Synchronous progress (Progress&lt;T&gt; posts to the thread pool, so its last report could land after the apply returned).</summary>
    private sealed class Progress(Action<ApplyEvent> report) : IProgress<ApplyEvent>
    {
        public void Report(ApplyEvent value) => report(value);
    }
}
