using System.Diagnostics;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Starts etcd on its members, joins new members one at a time when a cluster exists (<see cref="EtcdJoin"/>), waits
/// until every member reports healthy (through K8sBare.Etcd), then settles the members' bootstrap flags.
/// </summary>
internal sealed class EtcdPhase() : ServicesPhase(ApplyPhase.Etcd)
{
    /// <summary>Joining members are started by <see cref="EtcdJoin"/>, one at a time, after the others.</summary>
    public override IReadOnlyList<HostSession> HostsOf(ApplyRun run) => base.HostsOf(run).Where(h => !EtcdJoin.StartsOneByOne(run, h)).ToList();

    protected override async Task<IReadOnlyList<string>> AfterStartAsync(ApplyRun run, CancellationToken ct)
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
                if (health.Count == members.Count && health.All(m => m.Healthy))
                {
                    run.Event(new ApplyEvent(ApplyPhase.Etcd, null, "health", ApplyEventState.Unchanged, sw.Elapsed, $"{health.Count} member(s) healthy"));
                    return await EtcdJoin.SettleAsync(run, ct).ConfigureAwait(false);
                }

                last = string.Join("; ", health.Select(m => $"{m.Member.Name}: {(m.Healthy ? "healthy" : m.Error ?? "unhealthy")}"));
                if (health.Count != members.Count) last += $" ({health.Count} of {members.Count} members registered)";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        run.Event(new ApplyEvent(ApplyPhase.Etcd, null, "health", ApplyEventState.Failed, sw.Elapsed, last));
        failures.Add($"etcd did not become healthy within {run.Options.EtcdReadyTimeout.TotalSeconds:0} s: {last}. Fix: check the etcd log on the members (journalctl -u etcd / /var/log/etcd.log) and that ports 2379/2380 are reachable between them.");
        return failures;
    }
}
