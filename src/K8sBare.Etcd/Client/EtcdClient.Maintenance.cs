using Etcdserverpb;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async Task<EtcdEndpointStatus> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var r = await CallAsync([endpoint], "status", idempotent: true,
            (c, d, t) => c.StatusAsync(new StatusRequest(), null, d, t), cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToStatus(endpoint, r);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdEndpointStatus>> GetStatusAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Endpoints.Select(ep => GetStatusAsync(ep, cancellationToken))).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<EtcdEndpointStatus?> FindLeaderAsync(CancellationToken cancellationToken = default)
    {
        foreach (var ep in Endpoints)
        {
            try
            {
                var status = await GetStatusAsync(ep, cancellationToken).ConfigureAwait(false);
                if (status.IsLeader) return status;
            }
            catch (EtcdException)
            {
                // A member that does not answer (restarting, down) is not the leader this call is looking for.
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async Task<EtcdEndpointStatus> MoveLeaderAsync(EtcdMemberId transferee, CancellationToken cancellationToken = default)
    {
        if (transferee.IsNone) throw new ArgumentException("Name the member to move leadership to (its ID from the member list).", nameof(transferee));
        var leader = await FindLeaderAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new EtcdException(EtcdStatusCode.Unavailable, "",
                $"etcd move-leader: no member among {string.Join(", ", Endpoints.Select(EtcdUrls.Render))} reports being the leader (none elected yet, or the leader is not an endpoint of this client). Fix: wait for an election, or list every member's client URL.");
        if (leader.MemberId == transferee) return leader;
        // MoveLeader must reach the leader itself (a follower answers "etcdserver: not leader").
        await CallAsync([leader.Endpoint], "move-leader", idempotent: false,
            (c, d, t) => c.MoveLeaderAsync(new MoveLeaderRequest { TargetID = transferee.Value }, null, d, t), cancellationToken).ConfigureAwait(false);
        return leader;
    }

    /// <inheritdoc />
    public async Task<EtcdMemberHealth> CheckHealthAsync(EtcdMember member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.ClientUrls.Count == 0)
            return new EtcdMemberHealth
            {
                Member = member,
                Healthy = false,
                Error = $"member {member.Id} ({string.Join(",", member.PeerUrls)}) was added but has not started: start it with the --initial-cluster from its member add, or remove it",
            };
        var errors = new List<string>();
        foreach (var url in member.ClientUrls)
        {
            try
            {
                var status = await GetStatusAsync(url, cancellationToken).ConfigureAwait(false);
                if (status.Errors.Count > 0) { errors.Add($"{url}: {string.Join("; ", status.Errors)}"); continue; }
                if (status.Leader.IsNone) { errors.Add($"{url}: no leader"); continue; }
                // A learner refuses linearizable reads ("rpc not supported for learner"): its status with a leader is its health.
                if (!member.IsLearner && await CheckEndpointAsync(url, cancellationToken).ConfigureAwait(false) is { } why)
                {
                    errors.Add($"{url}: {why}");
                    continue;
                }
                return new EtcdMemberHealth { Member = member, Healthy = true, Status = status };
            }
            catch (EtcdException ex)
            {
                errors.Add($"{url}: {ex.EtcdMessage}");
            }
        }
        return new EtcdMemberHealth { Member = member, Healthy = false, Error = string.Join("; ", errors) };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMemberHealth>> CheckMembersHealthAsync(CancellationToken cancellationToken = default)
    {
        var members = await ListMembersAsync(cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(members.Select(m => CheckHealthAsync(m, cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DefragmentAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        await CallAsync([endpoint], "defragment", idempotent: true,
            (c, d, t) => c.DefragmentAsync(new DefragmentRequest(), null, d, t), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        if (revision < 1) throw new ArgumentOutOfRangeException(nameof(revision), revision, "Compact to a revision of at least 1 (a put returns its revision).");
        var r = await CallAsync(Endpoints, "compact", idempotent: true,
            (c, d, t) => c.CompactAsync(new CompactionRequest { Revision = revision, Physical = true }, null, d, t), cancellationToken).ConfigureAwait(false);
        return r.Header?.Revision ?? 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdAlarm>> ListAlarmsAsync(CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(Endpoints, "alarm list", idempotent: true,
            (c, d, t) => c.AlarmAsync(new AlarmRequest { Action = AlarmRequest.Types.AlarmAction.Get }, null, d, t), cancellationToken).ConfigureAwait(false);
        return [.. r.Alarms.Select(a => new EtcdAlarm { MemberId = new EtcdMemberId(a.MemberID), Type = EtcdMapper.ToAlarmType(a.Alarm) })
            .Where(a => a.Type != EtcdAlarmType.None)];
    }

    /// <inheritdoc />
    public async Task DisarmAlarmsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var a in await ListAlarmsAsync(cancellationToken).ConfigureAwait(false))
        {
            var req = new AlarmRequest
            {
                Action = AlarmRequest.Types.AlarmAction.Deactivate,
                MemberID = a.MemberId.Value,
                Alarm = EtcdMapper.FromAlarmType(a.Type),
            };
            await CallAsync(Endpoints, "alarm disarm", idempotent: true, (c, d, t) => c.AlarmAsync(req, null, d, t), cancellationToken).ConfigureAwait(false);
        }
    }
}
