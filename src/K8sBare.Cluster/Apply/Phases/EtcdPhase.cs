using System.Diagnostics;
using K8sBare.Cluster.Planning;
using K8sBare.Etcd;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Starts etcd on its members, joins new members one at a time when a cluster exists (<see cref="EtcdJoin"/>: learner,
/// exact member list, <c>existing</c>, promoted when caught up), waits until every member reports healthy (through
/// K8sBare.Etcd), then settles the members' bootstrap flags. Restarts of more than one member roll one member at a
/// time: the next member restarts once the restarted one answers, has a leader and has applied everything the
/// leader had committed when its gate began.
/// </summary>
internal sealed class EtcdPhase() : ServicesPhase(ApplyPhase.Etcd)
{
    protected override string? RollingService => "etcd";

    /// <summary>Joining members are started by <see cref="EtcdJoin"/>, one at a time, after the others.</summary>
    public override IReadOnlyList<HostSession> HostsOf(ApplyRun run) => base.HostsOf(run).Where(h => !EtcdJoin.StartsOneByOne(run, h)).ToList();

    protected override string HostGateTarget => "etcd member healthy, raft caught up with the leader";

    protected override async Task<string?> WaitHostHealthyAsync(ApplyRun run, HostSession h, CancellationToken ct)
    {
        using var client = EtcdAccess.Create(run);
        var me = Rendering.ClusterEndpoints.EtcdClient(h.Node);
        var sw = Stopwatch.StartNew();
        var last = "no answer yet";
        ulong? target = null;
        while (sw.Elapsed < run.Options.Rollout.HostHealthTimeout)
        {
            try
            {
                // The leader's committed index first (asked once, when the gate begins), then the member's own applied index.
                target ??= (await client.FindLeaderAsync(ct).ConfigureAwait(false))?.RaftIndex;
                var mine = await client.GetStatusAsync(me, ct).ConfigureAwait(false);
                var applied = mine.RaftAppliedIndex > 0 ? mine.RaftAppliedIndex : mine.RaftIndex;
                if (mine.Errors.Count > 0) last = string.Join("; ", mine.Errors);
                else if (mine.Leader.IsNone) last = "no leader";
                else if (target is null) last = "no member reports being the leader";
                else if (applied + run.Options.Rollout.EtcdMaxRaftLag < target) last = $"applied index {applied}, leader's {target}";
                else if (!await client.IsHealthyAsync(me, ct).ConfigureAwait(false)) last = "linearizable read failed";
                else
                {
                    run.Event(new ApplyEvent(ApplyPhase.Etcd, h.Name, "member caught up", ApplyEventState.Unchanged, sw.Elapsed, $"applied index {applied} ≥ leader's {target} at the gate"));
                    return null;
                }
            }
            catch (EtcdException ex)
            {
                last = ex.EtcdMessage;
            }

            await Task.Delay(250, ct).ConfigureAwait(false);
        }

        return $"etcd member at {me} was not healthy and caught up within {run.Options.Rollout.HostHealthTimeout.TotalSeconds:0} s: {last}";
    }

    /// <summary>
    /// When <paramref name="h"/>'s member leads, moves the leadership to a healthy voting member (etcd's MoveLeader,
    /// sent to the leader) before it restarts, and confirms the new leader: a leader that just stops leaves the
    /// cluster without one until the election timeout, and every write waits that long.
    /// </summary>
    protected override async Task<IReadOnlyList<RollHandoff>> HandOffAsync(ApplyRun run, HostSession h, CancellationToken ct)
    {
        if (!run.Options.Rollout.MoveEtcdLeader || !h.Node.IsEtcd) return [];
        var me = Rendering.ClusterEndpoints.EtcdClient(h.Node);
        var began = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        using var client = EtcdAccess.CreateAdmin(run);
        RollHandoff Failed(string why)
        {
            run.Event(new ApplyEvent(ApplyPhase.Etcd, h.Name, "move etcd leader", ApplyEventState.Warning, sw.Elapsed, why));
            return new RollHandoff("etcd leader", h.Name, null, began, DateTimeOffset.UtcNow, why + "; restarted as the leader (the others elect a new one after the election timeout)");
        }

        try
        {
            var leader = await client.FindLeaderAsync(ct).ConfigureAwait(false);
            if (leader is null || leader.Endpoint != me) return [];
            var nodes = run.Spec.EtcdNodes.ToList();
            string? HostOf(EtcdMember m) =>
                nodes.FirstOrDefault(n => m.ClientUrls.Contains(Rendering.ClusterEndpoints.EtcdClient(n)))?.Name;
            var members = await client.ListMembersAsync(ct).ConfigureAwait(false);
            // The transferee: a voting member on another host that answers with a leader and a linearizable read, in spec order.
            foreach (var m in members.Where(m => !m.IsLearner && m.Id != leader.MemberId && HostOf(m) is not null).OrderBy(m => nodes.FindIndex(n => n.Name == HostOf(m))))
            {
                if (!(await client.CheckHealthAsync(m, ct).ConfigureAwait(false)).Healthy) continue;
                run.Event(new ApplyEvent(ApplyPhase.Etcd, h.Name, "move etcd leader", ApplyEventState.Started, TimeSpan.Zero, $"{h.Name} leads: moving the leadership to {HostOf(m)} before its restart"));
                await client.MoveLeaderAsync(m.Id, ct).ConfigureAwait(false);
                // etcd answers once the transferee leads; confirm from the members themselves before anything stops.
                while (sw.Elapsed < run.Options.Rollout.HostHealthTimeout)
                {
                    var now = await client.FindLeaderAsync(ct).ConfigureAwait(false);
                    if (now is not null && now.MemberId == m.Id)
                    {
                        run.Event(new ApplyEvent(ApplyPhase.Etcd, h.Name, "move etcd leader", ApplyEventState.Changed, sw.Elapsed, $"{HostOf(m)} leads (term {now.RaftTerm})"));
                        return [new RollHandoff("etcd leader", h.Name, HostOf(m), began, DateTimeOffset.UtcNow, null)];
                    }

                    await Task.Delay(100, ct).ConfigureAwait(false);
                }

                return [Failed($"etcd accepted moving the leadership to {HostOf(m)}, but it did not report leading within {run.Options.Rollout.HostHealthTimeout.TotalSeconds:0} s")];
            }

            return [Failed("no other voting member is healthy to take the leadership")];
        }
        catch (EtcdException ex)
        {
            return [Failed($"moving the leadership failed: {ex.Message}")];
        }
    }

    protected override PlannedStep? Gate(ApplyRun run)
    {
        var members = run.Hosts.Where(h => h.Node.IsEtcd).ToList();
        var joining = run.RenderOptions.Etcd?.JoinOrder ?? [];
        if (members.Count == 0 || !members.Where(h => !joining.Contains(h.Name)).All(h => h.WillRun("etcd"))) return null;
        var health = $"every member healthy within {run.Options.EtcdReadyTimeout.TotalSeconds:0} s";
        return joining.Count == 0
            ? new PlannedStep(Id, null, ChangeKind.HealthChecked, "etcd members", health)
            : new PlannedStep(Id, null, ChangeKind.HealthChecked, "etcd members",
                $"join {string.Join(", ", joining)} one at a time (added as a learner, started with the member list and 'existing', promoted when caught up), then {health}");
    }

    protected override async Task<IReadOnlyList<ApplyFailure>> WaitHealthyAsync(ApplyRun run, PlannedStep gate, CancellationToken ct)
    {
        var failures = (await EtcdJoin.JoinAsync(run, ct).ConfigureAwait(false)).ToList();
        if (failures.Count > 0) return failures;
        var members = run.Hosts.Where(h => h.Node.IsEtcd).ToList();
        var running = new List<HostSession>();
        foreach (var h in members)
            if (await ServicesPhase.IsRunningAsync(h, "etcd", ct).ConfigureAwait(false)) running.Add(h);
        if (running.Count < members.Count)
        {
            run.Event(new ApplyEvent(ApplyPhase.Etcd, null, "health", ApplyEventState.Skipped, TimeSpan.Zero,
                $"etcd is not running on {string.Join(", ", members.Except(running).Select(h => h.Name))} (see not-started services)"));
            return failures;
        }

        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Etcd, null, "health", ApplyEventState.Started, TimeSpan.Zero));
        using var client = EtcdAccess.Create(run);
        string last = "no answer yet";
        while (sw.Elapsed < run.Options.EtcdReadyTimeout)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var health = await client.CheckMembersHealthAsync(ct).ConfigureAwait(false);
                if (health.Count == run.Spec.EtcdNodes.Count() && health.All(m => m.Healthy))
                {
                    run.Event(new ApplyEvent(ApplyPhase.Etcd, null, "health", ApplyEventState.Unchanged, sw.Elapsed, $"{health.Count} member(s) healthy"));
                    return await EtcdJoin.SettleAsync(run, ct).ConfigureAwait(false);
                }

                last = string.Join("; ", health.Select(m => $"{m.Member.Name}: {(m.Healthy ? "healthy" : m.Error ?? "unhealthy")}"));
                if (health.Count != run.Spec.EtcdNodes.Count()) last += $" ({health.Count} of {run.Spec.EtcdNodes.Count()} members registered)";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        run.Event(new ApplyEvent(ApplyPhase.Etcd, null, "health", ApplyEventState.Failed, sw.Elapsed, last));
        failures.Add(new ApplyFailure(Id, null, "health", $"etcd did not become healthy within {run.Options.EtcdReadyTimeout.TotalSeconds:0} s: {last}. Fix: check the etcd log on the members (journalctl -u etcd / /var/log/etcd.log) and that ports 2379/2380 are reachable between them."));
        return failures;
    }
}
