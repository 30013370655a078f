using Etcdserverpb;
using Grpc.Core;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async Task<EtcdLease> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var seconds = (long)Math.Ceiling(ttl.TotalSeconds);
        if (seconds < 1) throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A lease TTL must be at least 1 second.");
        var r = await CallAsync(Endpoints, "lease grant", idempotent: false,
            (c, d, t) => c.LeaseGrantAsync(new LeaseGrantRequest { TTL = seconds }, null, d, t), cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(r.Error))
            throw new EtcdException(EtcdStatusCode.Unknown, r.Error, $"etcd refused to grant a {seconds} s lease: {r.Error}.");
        return new EtcdLease { Id = r.ID, Ttl = TimeSpan.FromSeconds(r.TTL) };
    }

    /// <inheritdoc />
    public async Task<EtcdLease> KeepAliveLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        // LeaseKeepAlive is a bidirectional stream: one request, one answer, then close.
        return await StreamOnFirstEndpointAsync("lease keep-alive", async (channel, ct) =>
        {
            using var call = channel.Client.GetConnection().LeaseClient.LeaseKeepAlive(null, DateTime.UtcNow + Options.RequestTimeout, ct);
            await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, ct).ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            if (!await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                throw new EtcdException(EtcdStatusCode.Unavailable, "stream ended",
                    $"etcd {EtcdUrls.Render(channel.Endpoint)} closed the lease keep-alive stream without an answer.", channel.Endpoint);
            var r = call.ResponseStream.Current;
            if (r.TTL <= 0)
                throw new EtcdException(EtcdStatusCode.NotFound, "requested lease not found",
                    $"Lease {leaseId:x} has expired or does not exist on {EtcdUrls.Render(channel.Endpoint)}; grant a new one and re-attach the keys.", channel.Endpoint);
            return new EtcdLease { Id = r.ID, Ttl = TimeSpan.FromSeconds(r.TTL) };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<EtcdLease> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(Endpoints, "lease time-to-live", idempotent: true,
            (c, d, t) => c.LeaseTimeToLiveAsync(new LeaseTimeToLiveRequest { ID = leaseId, Keys = true }, null, d, t), cancellationToken).ConfigureAwait(false);
        return new EtcdLease
        {
            Id = r.ID,
            Ttl = TimeSpan.FromSeconds(r.TTL),
            GrantedTtl = TimeSpan.FromSeconds(r.GrantedTTL),
            Keys = [.. r.Keys.Select(EtcdKeys.Decode)],
        };
    }

    /// <inheritdoc />
    public async Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) =>
        await CallAsync(Endpoints, "lease revoke", idempotent: false,
            (c, d, t) => c.LeaseRevokeAsync(new LeaseRevokeRequest { ID = leaseId }, null, d, t), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs a short stream call on the first endpoint that accepts it: a connection that could not be opened moves on,
    /// anything after that is reported.
    /// </summary>
    private async Task<T> StreamOnFirstEndpointAsync<T>(string what, Func<EtcdChannel, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var failures = new List<string>();
        foreach (var ep in Endpoints)
        {
            var channel = _pool.Get(ep);
            try
            {
                return await call(channel, ct).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException($"etcd {what} was cancelled.", ex, ct);
            }
            catch (RpcException ex) when (EtcdErrors.NeverSent(ex))
            {
                failures.Add($"{EtcdUrls.Render(ep)}: {EtcdErrors.Describe(ex, channel)}");
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                throw new EtcdException((EtcdStatusCode)(int)ex.StatusCode, ex.Status.Detail,
                    $"etcd {what} on {EtcdUrls.Render(ep)} failed: {EtcdErrors.Describe(ex, channel)}.", ep, ex);
            }
            catch (RpcException ex)
            {
                throw EtcdErrors.FromServer(ex, ep, what);
            }
        }
        throw NoEndpoint(what, failures, EtcdStatusCode.Unavailable);
    }
}
