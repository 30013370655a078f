using System.Diagnostics;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Etcd;
using K8sBare.Remote;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// The etcd phase's membership steps when a cluster exists (<see cref="EtcdStartPlan"/>): joining members start
/// one at a time — added as a learner, started with the exact member list and <c>--initial-cluster-state=existing</c>,
/// promoted once caught up — and, once every member is healthy, each member's unit is settled to the form it keeps
/// (<see cref="EtcdStartPlan.Settled"/>) without a restart (etcd ignores bootstrap flags once its data dir holds the member).
/// </summary>
internal static class EtcdJoin
{
    /// <summary>True when the etcd phase starts this host itself, one at a time, instead of with the others.</summary>
    public static bool StartsOneByOne(ApplyRun run, HostSession h) => run.RenderOptions.Etcd?.JoinOrder.Contains(h.Name) == true;

    /// <summary>Joins the waiting members in order, then promotes any spec member etcd still lists as a learner.</summary>
    public static async Task<IReadOnlyList<ApplyFailure>> JoinAsync(ApplyRun run, CancellationToken ct)
    {
        var plan = run.RenderOptions.Etcd;
        if (plan is null || run.Offline) return [];
        foreach (var name in plan.JoinOrder)
        {
            var h = run.Hosts.FirstOrDefault(x => x.Name == name);
            if (h is null) return [new ApplyFailure(ApplyPhase.Etcd, name, "join", "not connected; it must join etcd in this apply.")];
            var sw = Stopwatch.StartNew();
            run.Event(new ApplyEvent(ApplyPhase.Etcd, name, "join", ApplyEventState.Started, TimeSpan.Zero));
            try
            {
                await JoinOneAsync(run, h, plan.Nodes[name], ct).ConfigureAwait(false);
                run.Event(new ApplyEvent(ApplyPhase.Etcd, name, "join", ApplyEventState.Changed, sw.Elapsed));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                run.Event(new ApplyEvent(ApplyPhase.Etcd, name, "join", ApplyEventState.Failed, sw.Elapsed, ex.Message));
                return [new ApplyFailure(ApplyPhase.Etcd, name, "join", $"joining etcd failed: {ex.Message} Members that joined before it stay; run the apply again to continue.")];
            }
        }

        // A learner left by an interrupted join (started, not promoted yet).
        foreach (var (name, start) in plan.Nodes.Where(n => n.Value.Role == EtcdNodeRole.Member && n.Value.IsLearner))
        {
            try
            {
                using var admin = EtcdAccess.CreateAdmin(run);
                var m = (await admin.ListMembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(x => x.Name == name && x.IsLearner);
                if (m is null) continue;
                await Membership(run, admin).PromoteAsync(m.Id, ct).ConfigureAwait(false);
                run.Change(ApplyPhase.Etcd, name, ChangeKind.EtcdMemberPromoted, $"{name} ({m.Id})");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return [new ApplyFailure(ApplyPhase.Etcd, name, "promote", $"promoting the etcd learner failed: {ex.Message}")];
            }
        }

        return [];
    }

    private static EtcdMembership Membership(ApplyRun run, IEtcdClient admin) => new(admin, new EtcdMembershipOptions
    {
        // Growing 1 -> 3 passes through 2 voters for a moment; the spec's own count is odd (validation refuses even sets).
        AllowEvenMemberCount = true,
        HealthTimeout = run.Options.EtcdReadyTimeout,
        PromoteTimeout = run.Options.EtcdReadyTimeout,
    }, run.Options.Logger);

    private static async Task JoinOneAsync(ApplyRun run, HostSession h, EtcdNodeStart start, CancellationToken ct)
    {
        var service = h.Artifacts.Services.First(s => s.Component == ClusterComponent.Etcd);
        var missing = service.Binaries.Where(b => !h.PresentBinaries.Contains(b)).ToList();
        if (missing.Count > 0)
        {
            run.NotStarted(h.Name, service.Name, $"binary missing: {string.Join(", ", missing)}");
            throw new InvalidOperationException($"the etcd binary is missing ({string.Join(", ", missing)}), so it cannot join; nothing was added to etcd.");
        }

        var self = EtcdPeer.Of(h.Node);
        var running = start.InitialCluster.Where(p => p.PeerUrl != self.PeerUrl).ToList();
        using var admin = EtcdAccess.CreateAdmin(run, EtcdAccess.Endpoints(run.Spec).Where(e => running.Any(p => new Uri(p.PeerUrl).Host == e.Host)).ToList());
        var membership = Membership(run, admin);
        var members = await admin.ListMembersAsync(ct).ConfigureAwait(false);
        var existing = members.FirstOrDefault(m => m.PeerUrls.Any(u => EtcdPeer.Normalize(u.OriginalString) == EtcdPeer.Normalize(self.PeerUrl)));
        EtcdMemberId id;
        bool learner;
        if (existing is null)
        {
            // The rendered unit holds the list etcd will have after this add; a list that moved since the decision is refused.
            var expected = start.InitialCluster.Select(p => EtcdPeer.Normalize(p.PeerUrl)).Order(StringComparer.Ordinal).ToList();
            var now = members.SelectMany(m => m.PeerUrls.Take(1)).Select(u => EtcdPeer.Normalize(u.OriginalString)).Append(EtcdPeer.Normalize(self.PeerUrl))
                .Order(StringComparer.Ordinal).ToList();
            if (!expected.SequenceEqual(now))
                throw new InvalidOperationException($"etcd's member list changed since this apply read it (now: {string.Join(" | ", members)}); nothing was added. Run the apply again.");
            var join = await membership.AddAsync(h.Name, [new Uri(self.PeerUrl)], asLearner: null, ct).ConfigureAwait(false);
            id = join.MemberId;
            learner = join.IsLearner;
            run.Change(ApplyPhase.Etcd, h.Name, ChangeKind.EtcdMemberAdded, $"{h.Name} ({id}{(learner ? ", learner" : "")})");
        }
        else
        {
            id = existing.Id;
            learner = existing.IsLearner;
        }

        // Start it (its unit, written by the files phase, already holds the exact list and "existing").
        var status = await h.Services.GetStatusAsync(service.Name, ct).ConfigureAwait(false);
        if (!status.Enabled)
        {
            await h.Services.EnableAsync(service.Name, ct).ConfigureAwait(false);
            run.Change(ApplyPhase.Etcd, h.Name, ChangeKind.ServiceEnabled, service.Name);
        }

        if (!status.Active)
        {
            await h.Services.StartAsync(service.Name, ct).ConfigureAwait(false);
            run.Restarted(ApplyPhase.Etcd, h.Name, service.Name, started: true);
            run.Change(ApplyPhase.Etcd, h.Name, ChangeKind.ServiceStarted, service.Name);
        }

        var marker = HostSession.MarkerPath(service.Name);
        if ((await h.Connection.StatFilesAsync([marker], ct).ConfigureAwait(false))[0].Exists) await h.Connection.RemoveAsync(marker, ct).ConfigureAwait(false);

        // Started once it has published its name and client URLs; then promoted when caught up (EtcdMembership.PromoteAsync: through the
        // leader, retrying "not in sync", re-checking the member list after a promotion etcd did not confirm).
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var m = (await admin.ListMembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(x => x.Id == id)
                ?? throw new InvalidOperationException($"member {id} is no longer in the etcd cluster.");
            if (m.ClientUrls.Count > 0) break;
            if (sw.Elapsed > run.Options.EtcdReadyTimeout)
                throw new TimeoutException($"member {id} did not start within {run.Options.EtcdReadyTimeout.TotalSeconds:0} s (check the etcd log on {h.Name}: journalctl -u etcd / /var/log/etcd.log).");
            await Task.Delay(250, ct).ConfigureAwait(false);
        }

        if (learner)
        {
            await membership.PromoteAsync(id, ct).ConfigureAwait(false);
            run.Change(ApplyPhase.Etcd, h.Name, ChangeKind.EtcdMemberPromoted, $"{h.Name} ({id})");
        }
    }

    /// <summary>
    /// Once every member is healthy: rewrites each etcd unit whose bootstrap flags differ from the settled form, without a
    /// restart, and makes the run's artifacts the settled render, so the next apply finds nothing to change.
    /// </summary>
    public static async Task<IReadOnlyList<ApplyFailure>> SettleAsync(ApplyRun run, CancellationToken ct)
    {
        if (run.Offline || run.Artifacts is null) return [];
        var options = run.RenderOptions with { Etcd = EtcdStartPlan.Settled(run.Spec.EtcdNodes) };
        var settled = ClusterRenderer.Render(run.Spec, run.Pki, options);
        var failures = await run.ForEachHostAsync(ApplyPhase.Etcd, run.Hosts.Where(h => h.Node.IsEtcd).ToList(), "settle etcd flags", async (h, token) =>
        {
            var files = settled[h.Name].Files.Where(f => f.Component == ClusterComponent.Etcd && f.Kind is ArtifactKind.Config or ArtifactKind.Service)
                .Select(FileSteps.ToRemote).ToList();
            var compare = await h.Connection.CompareFilesAsync(files, token).ConfigureAwait(false);
            var changed = files.Where((_, i) => compare[i].Changed).ToList();
            if (changed.Count == 0) return false;
            await h.Connection.WriteFilesAsync(changed, token).ConfigureAwait(false);
            foreach (var f in changed) run.Change(ApplyPhase.Etcd, h.Name, ChangeKind.FileUpdated, f.Path);
            if (h.Node.InitSystem == InitSystem.Systemd) await h.Services.DaemonReloadAsync(token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        if (failures.Count > 0) return failures;
        run.RenderOptions = options;
        run.Artifacts = settled;
        foreach (var h in run.Hosts) h.Artifacts = settled[h.Name];
        return [];
    }
}
