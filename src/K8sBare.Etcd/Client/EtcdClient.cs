using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Etcd;

/// <summary>
/// The etcd v3 client: etcd's native gRPC API through dotnet-etcd, one channel per endpoint with mTLS, fail-over
/// across endpoints and a per-request deadline. Thread-safe; dispose it when done.
/// </summary>
/// <remarks>
/// <para>What is re-sent, decided against dotnet-etcd's own default (a gRPC retry policy that re-sends any call
/// answered <c>Unavailable</c> up to 5 times, writes and member changes included): etcd answers
/// <c>Unavailable</c> for "etcdserver: request timed out" and "leader changed", after which the proposal may still
/// commit, and a connection cut after the request left looks the same to gRPC. So the channels here have no retry
/// policy, and K8sBare decides:</para>
/// <list type="bullet">
/// <item>A request that never reached the server (connection refused, TLS handshake failed) moves on to the next
/// endpoint, for every request.</item>
/// <item>A read (range, status, member list, alarms, lease time-to-live) also moves on after <c>Unavailable</c>
/// or a missed deadline.</item>
/// <item>A write (put, delete, transaction, lease grant, member add/remove/promote/update, auth changes) that may
/// have reached etcd is never sent again: it fails with <see cref="EtcdStatusCode.Unavailable"/> or
/// <see cref="EtcdStatusCode.DeadlineExceeded"/> and says so, and the caller checks the result before retrying.</item>
/// </list>
/// </remarks>
public sealed partial class EtcdClient : IEtcdClient
{
    private readonly EtcdChannelPool _pool;
    private readonly bool _ownsPool;
    private readonly ILogger _log;

    /// <summary>Creates a client; nothing is contacted until the first request.</summary>
    /// <param name="options">Endpoints, CA, client certificate and timeouts.</param>
    /// <param name="logger">Optional logger (fail-over and reconnects at Debug level; never keys or values).</param>
    /// <exception cref="ArgumentException">No endpoint, an endpoint that is not an absolute http(s) URL, or https without a CA.</exception>
    public EtcdClient(EtcdClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints is null || options.Endpoints.Count == 0)
            throw new ArgumentException("EtcdClientOptions.Endpoints is empty; pass at least one client URL such as https://127.0.0.1:2379.", nameof(options));
        foreach (var ep in options.Endpoints)
        {
            if (ep is null || !ep.IsAbsoluteUri || (ep.Scheme != Uri.UriSchemeHttps && ep.Scheme != Uri.UriSchemeHttp))
                throw new ArgumentException($"etcd endpoint '{ep}' must be an absolute http(s) URL such as https://127.0.0.1:2379.", nameof(options));
            if (ep.Scheme == Uri.UriSchemeHttps && (options.TrustedCa is null || options.TrustedCa.Count == 0))
                throw new ArgumentException($"etcd endpoint '{ep}' uses https but EtcdClientOptions.TrustedCa is empty; pass the etcd CA certificate.", nameof(options));
        }
        if (options.RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"EtcdClientOptions.RequestTimeout must be positive (it is {options.RequestTimeout}).", nameof(options));
        _log = logger ?? NullLogger.Instance;
        _pool = new EtcdChannelPool(options);
        _ownsPool = true;
        Endpoints = [.. options.Endpoints];
    }

    private EtcdClient(EtcdChannelPool pool, IReadOnlyList<Uri> endpoints, ILogger log)
    {
        _pool = pool;
        _ownsPool = false;
        _log = log;
        Endpoints = endpoints;
    }

    /// <inheritdoc />
    public IReadOnlyList<Uri> Endpoints { get; }

    private EtcdClientOptions Options => _pool.Options;

    /// <inheritdoc />
    public IEtcdAuth Auth => new EtcdAuthClient(this);

    /// <inheritdoc />
    public IEtcdClient WithEndpoints(IReadOnlyList<Uri> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0) throw new ArgumentException("Pass at least one endpoint.", nameof(endpoints));
        return new EtcdClient(_pool, [.. endpoints], _log);
    }

    /// <inheritdoc />
    public async Task<EtcdVersionInfo> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var s = await CallAsync(Endpoints, "status", idempotent: true,
            (c, d, ct) => c.StatusAsync(new StatusRequest(), null, d, ct), cancellationToken).ConfigureAwait(false);
        return new EtcdVersionInfo { Server = s.Version ?? "" };
    }

    /// <inheritdoc />
    public async Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return await CheckEndpointAsync(endpoint, cancellationToken).ConfigureAwait(false) is null;
    }

    /// <summary>
    /// etcdctl's <c>endpoint health</c>: a linearizable read of the key <c>health</c> on that member (a
    /// permission-denied answer counts as healthy: the read went through consensus) and no NOSPACE alarm.
    /// Null when healthy, otherwise why not.
    /// </summary>
    private async Task<string?> CheckEndpointAsync(Uri endpoint, CancellationToken ct)
    {
        try
        {
            await CallAsync([endpoint], "health read", idempotent: true,
                (c, d, t) => c.GetAsync(new RangeRequest { Key = EtcdKeys.Encode("health") }, null, d, t), ct).ConfigureAwait(false);
        }
        catch (EtcdException ex) when (ex.Code == EtcdStatusCode.PermissionDenied)
        {
        }
        catch (EtcdException ex)
        {
            return ex.EtcdMessage.Length > 0 ? ex.EtcdMessage : ex.Message;
        }
        try
        {
            var alarms = await CallAsync([endpoint], "alarm list", idempotent: true,
                (c, d, t) => c.AlarmAsync(new AlarmRequest { Action = AlarmRequest.Types.AlarmAction.Get }, null, d, t), ct).ConfigureAwait(false);
            if (alarms.Alarms.Any(a => a.Alarm == AlarmType.Nospace)) return "Active Alarm(s): NOSPACE";
        }
        catch (EtcdException ex) when (ex.Code == EtcdStatusCode.PermissionDenied)
        {
        }
        catch (EtcdException ex)
        {
            return ex.EtcdMessage.Length > 0 ? ex.EtcdMessage : ex.Message;
        }
        return null;
    }

    /// <inheritdoc />
    public async Task<EtcdKeyValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var r = await RangeAsync(new RangeRequest { Key = EtcdKeys.Encode(key) }, cancellationToken).ConfigureAwait(false);
        return r.Kvs.Count > 0 ? EtcdMapper.ToKeyValue(r.Kvs[0]) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdKeyValue>> GetPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var r = await RangeAsync(new RangeRequest { Key = EtcdKeys.Encode(prefix), RangeEnd = EtcdKeys.PrefixRangeEnd(prefix) },
            cancellationToken).ConfigureAwait(false);
        return [.. r.Kvs.Select(EtcdMapper.ToKeyValue)];
    }

    private Task<RangeResponse> RangeAsync(RangeRequest req, CancellationToken ct) =>
        CallAsync(Endpoints, "range", idempotent: true, (c, d, t) => c.GetAsync(req, null, d, t), ct);

    /// <inheritdoc />
    public Task<long> PutAsync(string key, string value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return PutAsync(key, System.Text.Encoding.UTF8.GetBytes(value), leaseId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var req = new PutRequest { Key = EtcdKeys.Encode(key), Value = ByteString.CopyFrom(value.Span), Lease = leaseId };
        var r = await CallAsync(Endpoints, "put", idempotent: false, (c, d, t) => c.PutAsync(req, null, d, t), cancellationToken).ConfigureAwait(false);
        return r.Header?.Revision ?? 0;
    }

    /// <inheritdoc />
    public Task<long> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return DeleteRangeAsync(new DeleteRangeRequest { Key = EtcdKeys.Encode(key) }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return DeleteRangeAsync(new DeleteRangeRequest { Key = EtcdKeys.Encode(prefix), RangeEnd = EtcdKeys.PrefixRangeEnd(prefix) }, cancellationToken);
    }

    private async Task<long> DeleteRangeAsync(DeleteRangeRequest req, CancellationToken ct)
    {
        var r = await CallAsync(Endpoints, "delete", idempotent: false, (c, d, t) => c.DeleteAsync(req, null, d, t), ct).ConfigureAwait(false);
        return r.Deleted;
    }

    /// <inheritdoc />
    public async Task<EtcdTransactionResult> CompareAndSwapAsync(string key, EtcdCondition condition, string newValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(newValue);
        var k = EtcdKeys.Encode(key);
        var cmp = new Compare { Key = k, Result = Compare.Types.CompareResult.Equal };
        switch (condition.Target)
        {
            case "VALUE":
                cmp.Target = Compare.Types.CompareTarget.Value;
                cmp.Value = ByteString.CopyFromUtf8(condition.ExpectedValue!);
                break;
            case "MOD":
                cmp.Target = Compare.Types.CompareTarget.Mod;
                cmp.ModRevision = condition.ExpectedRevision!.Value;
                break;
            default:
                cmp.Target = Compare.Types.CompareTarget.Create;
                cmp.CreateRevision = condition.ExpectedRevision!.Value;
                break;
        }
        var req = new TxnRequest
        {
            Compare = { cmp },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = k, Value = ByteString.CopyFromUtf8(newValue) } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = k } } },
        };
        var r = await CallAsync(Endpoints, "transaction", idempotent: false, (c, d, t) => c.TransactionAsync(req, null, d, t), cancellationToken)
            .ConfigureAwait(false);
        EtcdKeyValue? current = null;
        if (!r.Succeeded && r.Responses.Count > 0 && r.Responses[0].ResponseRange?.Kvs is { Count: > 0 } kvs)
            current = EtcdMapper.ToKeyValue(kvs[0]);
        return new EtcdTransactionResult { Succeeded = r.Succeeded, Revision = r.Header?.Revision ?? 0, Current = current };
    }

    /// <summary>
    /// Sends one unary call to <paramref name="endpoints"/> in order, with the per-request deadline, moving on as the
    /// class remarks describe; etcd's answers become <see cref="EtcdException"/> with its code and message.
    /// </summary>
    internal async Task<T> CallAsync<T>(IReadOnlyList<Uri> endpoints, string what, bool idempotent,
        Func<dotnet_etcd.EtcdClient, DateTime, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var failures = new List<string>();
        var code = EtcdStatusCode.Unavailable;
        Exception? last = null;
        foreach (var ep in endpoints)
        {
            var channel = _pool.Get(ep);
            try
            {
                return await call(channel.Client, DateTime.UtcNow + Options.RequestTimeout, ct).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException($"etcd {what} was cancelled.", ex, ct);
            }
            catch (RpcException ex) when (EtcdErrors.NeverSent(ex))
            {
                last = ex;
                failures.Add($"{EtcdUrls.Render(ep)}: {EtcdErrors.Describe(ex, channel)}");
                _log.LogDebug("etcd {What} on {Endpoint} was not sent ({Error}); trying the next endpoint", what, ep, ex.Status.Detail);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                var timedOut = ex.StatusCode == StatusCode.DeadlineExceeded;
                var why = timedOut
                    ? $"no answer within {Options.RequestTimeout.TotalSeconds:0.###} s (EtcdClientOptions.RequestTimeout)"
                    : EtcdErrors.Describe(ex, channel);
                if (!idempotent)
                    throw new EtcdException(timedOut ? EtcdStatusCode.DeadlineExceeded : EtcdStatusCode.Unavailable, ex.Status.Detail,
                        $"etcd {what} on {EtcdUrls.Render(ep)} failed after it was sent: {why}. It may still have been applied, so it was " +
                        "not sent again (to this or another endpoint): check the result before retrying.", ep, ex);
                last = ex;
                failures.Add($"{EtcdUrls.Render(ep)}: {why}");
                if (timedOut) code = EtcdStatusCode.DeadlineExceeded;
                _log.LogDebug("etcd {What} on {Endpoint} failed ({Error}); trying the next endpoint", what, ep, why);
            }
            catch (RpcException ex)
            {
                throw EtcdErrors.FromServer(ex, ep, what);
            }
        }
        throw NoEndpoint(what, failures, code, last);
    }

    private static EtcdException NoEndpoint(string what, List<string> failures, EtcdStatusCode code, Exception? last = null) =>
        new(code, failures.Count > 0 ? failures[^1] : "no endpoint answered",
            $"No etcd endpoint answered {what}: {string.Join("; ", failures)}. Check that etcd runs, that the endpoints are its client URLs, " +
            "and that the CA and client certificate match its --trusted-ca-file and --client-cert-auth.", inner: last);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsPool) _pool.Dispose();
    }
}
