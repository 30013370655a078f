using K8sBare.Cluster.Rendering;
using K8sBare.Etcd;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Reads, before rendering, what decides how etcd members start: the member list and leader through K8sBare.Etcd
/// (from any spec etcd endpoint that answers) and whether each connected etcd host holds a data dir. Changes nothing.
/// </summary>
internal static class EtcdClusterProbe
{
    /// <summary>The folder etcd creates in its data dir once it holds a member (WAL and snapshots).</summary>
    public const string MemberDir = EtcdRendering.DataDir + "/member";

    /// <summary>
    /// Reads and decides; null for offline targets (render-to-folder stays day-1 output) and for a cluster still to
    /// bootstrap. Throws <see cref="ApplyException"/> (phase preflight, nothing changed) when the state cannot be told or a start would be unsafe.
    /// </summary>
    public static async Task<EtcdStartPlan?> DecideAsync(ApplyRun run, CancellationToken ct)
    {
        if (run.Offline) return null;
        var etcdNodes = run.Spec.EtcdNodes.ToList();
        if (etcdNodes.Count == 0) return null;
        var seen = await ReadAsync(run, ct).ConfigureAwait(false);
        var outcome = EtcdClusterDecision.Decide(etcdNodes, seen);
        if (outcome.Problems.Count > 0) throw new ApplyException(ApplyPhase.Preflight, outcome.Problems.Select(p => new ApplyFailure(ApplyPhase.Preflight, null, "etcd membership", p)).ToList(), run.Result());
        var summary = outcome.Plan is null
            ? seen.Members is null ? "no etcd cluster yet: members bootstrap together" : "etcd bootstrap in progress: members bootstrap together"
            : seen.Members is null ? "no etcd member answers, but every member holds its data: each starts as the member it is"
            : $"etcd cluster with {seen.Members.Count} member(s); " + (outcome.Plan.JoinOrder.Count == 0 ? "no member joins" : $"joining one at a time: {string.Join(", ", outcome.Plan.JoinOrder)}");
        run.Event(new ApplyEvent(ApplyPhase.Preflight, null, "etcd membership", ApplyEventState.Unchanged, TimeSpan.Zero, summary));
        return outcome.Plan;
    }

    public static async Task<EtcdClusterObservation> ReadAsync(ApplyRun run, CancellationToken ct)
    {
        var hosts = run.Hosts.Where(h => h.Node.IsEtcd).ToList();
        var dataTask = Task.WhenAll(hosts.Select(async h =>
            (h.Name, (await h.Connection.StatFilesAsync([MemberDir], ct).ConfigureAwait(false))[0] is { Exists: true, IsDirectory: true })));
        var endpoints = EtcdAccess.Endpoints(run.Spec);
        using var client = EtcdAccess.CreateAdmin(run, endpoints);
        IReadOnlyList<EtcdMember>? members = null;
        string? error = null;
        try
        {
            members = await client.ListMembersAsync(ct).ConfigureAwait(false);
        }
        catch (EtcdException ex)
        {
            error = ex.Message;
        }

        var statuses = members is null ? [] : await Task.WhenAll(endpoints.Select(async ep =>
        {
            try
            {
                return await client.GetStatusAsync(ep, ct).ConfigureAwait(false);
            }
            catch (EtcdException)
            {
                return null;
            }
        })).ConfigureAwait(false);
        var data = await dataTask.ConfigureAwait(false);
        return new EtcdClusterObservation
        {
            Members = members,
            HasLeader = statuses.Any(s => s is { Leader.IsNone: false }),
            MaxRaftIndex = statuses.Where(s => s is not null).Select(s => s!.RaftIndex).DefaultIfEmpty(0UL).Max(),
            NodesWithData = data.Where(d => d.Item2).Select(d => d.Name).ToHashSet(StringComparer.Ordinal),
            NodesChecked = hosts.Select(h => h.Name).ToHashSet(StringComparer.Ordinal),
            Endpoints = endpoints.Select(e => e.OriginalString).ToList(),
            Error = error,
        };
    }
}
