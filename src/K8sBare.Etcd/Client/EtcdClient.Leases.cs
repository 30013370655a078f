using System.Text.Json;
using K8sBare.Etcd.Protocol;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async Task<EtcdLease> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var seconds = (long)Math.Ceiling(ttl.TotalSeconds);
        if (seconds < 1) throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A lease TTL must be at least 1 second.");
        var r = await _transport.PostAsync(V3 + "lease/grant", new LeaseDto { Ttl = seconds }, EtcdJsonContext.Default.LeaseDto,
            EtcdJsonContext.Default.LeaseDto, idempotent: false, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(r.Error))
            throw new EtcdException(EtcdStatusCode.Unknown, r.Error, $"etcd refused to grant a {seconds} s lease: {r.Error}.");
        return EtcdMapper.ToLease(r);
    }

    /// <inheritdoc />
    public async Task<EtcdLease> KeepAliveLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        // keepalive is a bidirectional stream in gRPC; the gateway answers one {"result":…} line per request line.
        var (resp, ep) = await _transport.OpenStreamAsync(V3 + "lease/keepalive", new LeaseDto { Id = leaseId },
            EtcdJsonContext.Default.LeaseDto, cancellationToken).ConfigureAwait(false);
        using (resp)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(_transport.Options.RequestTimeout);
            var stream = await resp.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var line = await reader.ReadLineAsync(cts.Token).ConfigureAwait(false)
                ?? throw new EtcdException(EtcdStatusCode.Unavailable, "stream ended", $"etcd {ep} closed the lease keep-alive stream without an answer.", ep);
            var env = JsonSerializer.Deserialize(line, EtcdJsonContext.Default.LeaseEnvelopeDto);
            if (env?.Error is { } err)
                throw new EtcdException((EtcdStatusCode)err.Code, err.Message ?? "", $"Renewing lease {leaseId:x} on {ep} failed: {err.Message}.", ep);
            var lease = EtcdMapper.ToLease(env?.Result ?? new LeaseDto { Id = leaseId });
            if (lease.Ttl <= TimeSpan.Zero)
                throw new EtcdException(EtcdStatusCode.NotFound, "requested lease not found",
                    $"Lease {leaseId:x} has expired or does not exist on {ep}; grant a new one and re-attach the keys.", ep);
            return lease;
        }
    }

    /// <inheritdoc />
    public async Task<EtcdLease> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        var r = await _transport.PostAsync(V3 + "lease/timetolive", new LeaseDto { Id = leaseId, Keys = null }, EtcdJsonContext.Default.LeaseDto,
            EtcdJsonContext.Default.LeaseDto, idempotent: true, cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToLease(r);
    }

    /// <inheritdoc />
    public async Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) =>
        await _transport.PostAsync(V3 + "lease/revoke", new LeaseDto { Id = leaseId }, EtcdJsonContext.Default.LeaseDto,
            EtcdJsonContext.Default.EmptyDto, idempotent: true, cancellationToken).ConfigureAwait(false);
}
