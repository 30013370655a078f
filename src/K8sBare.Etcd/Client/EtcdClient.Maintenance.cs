using K8sBare.Etcd.Protocol;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async Task<EtcdEndpointStatus> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var r = await _transport.PostAsync([endpoint], V3 + "maintenance/status", new EmptyDto(), EtcdJsonContext.Default.EmptyDto,
            EtcdJsonContext.Default.StatusResponseDto, idempotent: true, cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToStatus(endpoint, r);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdEndpointStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var all = await Task.WhenAll(Endpoints.Select(ep => GetStatusAsync(ep, cancellationToken))).ConfigureAwait(false);
        return all;
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
                Error = $"member {member.IdHex} ({string.Join(",", member.PeerUrls)}) was added but has not started: start it with the --initial-cluster from its member add, or remove it",
            };
        var errors = new List<string>();
        foreach (var url in member.ClientUrls)
        {
            try
            {
                var status = await GetStatusAsync(url, cancellationToken).ConfigureAwait(false);
                if (status.Errors.Count > 0) { errors.Add($"{url}: {string.Join("; ", status.Errors)}"); continue; }
                if (status.Leader == 0) { errors.Add($"{url}: no leader"); continue; }
                if (!member.IsLearner && !await IsHealthyAsync(url, cancellationToken).ConfigureAwait(false))
                {
                    errors.Add($"{url}: /health is false");
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
        await _transport.PostAsync([endpoint], V3 + "maintenance/defragment", new EmptyDto(), EtcdJsonContext.Default.EmptyDto,
            EtcdJsonContext.Default.EmptyDto, idempotent: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdAlarm>> ListAlarmsAsync(CancellationToken cancellationToken = default)
    {
        var r = await _transport.PostAsync(V3 + "maintenance/alarm", new AlarmRequestDto { Action = "GET" }, EtcdJsonContext.Default.AlarmRequestDto,
            EtcdJsonContext.Default.AlarmResponseDto, idempotent: true, cancellationToken).ConfigureAwait(false);
        return r.Alarms is null
            ? []
            : [.. r.Alarms.Select(a => new EtcdAlarm { MemberId = a.MemberId, Type = EtcdMapper.ToAlarmType(a.Alarm) }).Where(a => a.Type != EtcdAlarmType.None)];
    }

    /// <inheritdoc />
    public async Task DisarmAlarmsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var a in await ListAlarmsAsync(cancellationToken).ConfigureAwait(false))
        {
            var req = new AlarmRequestDto
            {
                Action = "DEACTIVATE",
                MemberId = a.MemberId,
                Alarm = a.Type == EtcdAlarmType.NoSpace ? "NOSPACE" : "CORRUPT",
            };
            await _transport.PostAsync(V3 + "maintenance/alarm", req, EtcdJsonContext.Default.AlarmRequestDto,
                EtcdJsonContext.Default.AlarmResponseDto, idempotent: true, cancellationToken).ConfigureAwait(false);
        }
    }
}
