using System.Text;
using K8sBare.Etcd.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Etcd;

/// <summary>
/// The etcd v3 JSON-gateway client: mTLS over HttpClient, fail-over across endpoints, per-request timeout.
/// Thread-safe; dispose it when done.
/// </summary>
public sealed partial class EtcdClient : IEtcdClient
{
    private const string V3 = "/v3/";
    private readonly EtcdTransport _transport;
    private readonly ILogger _log;

    /// <summary>Creates a client; nothing is contacted until the first request.</summary>
    public EtcdClient(EtcdClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints is null || options.Endpoints.Count == 0)
            throw new ArgumentException("EtcdClientOptions.Endpoints is empty; pass at least one client URL such as https://127.0.0.1:2379.", nameof(options));
        foreach (var ep in options.Endpoints)
        {
            if (!ep.IsAbsoluteUri || (ep.Scheme != Uri.UriSchemeHttps && ep.Scheme != Uri.UriSchemeHttp))
                throw new ArgumentException($"etcd endpoint '{ep}' must be an absolute http(s) URL such as https://127.0.0.1:2379.", nameof(options));
            if (ep.Scheme == Uri.UriSchemeHttps && (options.TrustedCa is null || options.TrustedCa.Count == 0))
                throw new ArgumentException($"etcd endpoint '{ep}' uses https but EtcdClientOptions.TrustedCa is empty; pass the etcd CA certificate.", nameof(options));
        }
        _log = logger ?? NullLogger.Instance;
        _transport = new EtcdTransport(options, _log);
    }

    private EtcdClient(EtcdTransport transport, ILogger log)
    {
        _transport = transport;
        _log = log;
    }

    /// <inheritdoc />
    public IReadOnlyList<Uri> Endpoints => _transport.Options.Endpoints;

    /// <inheritdoc />
    public IEtcdClient WithEndpoints(IReadOnlyList<Uri> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0) throw new ArgumentException("Pass at least one endpoint.", nameof(endpoints));
        return new EtcdClient(_transport.WithEndpoints([.. endpoints]), _log);
    }

    /// <inheritdoc />
    public async Task<EtcdVersionInfo> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        EtcdException? last = null;
        foreach (var ep in Endpoints)
        {
            try
            {
                var v = await _transport.GetAsync(ep, "/version", EtcdJsonContext.Default.VersionDto, cancellationToken).ConfigureAwait(false);
                return new EtcdVersionInfo { Server = v.Server ?? "", Cluster = v.Cluster ?? "" };
            }
            catch (EtcdException ex) when (ex.Code is EtcdStatusCode.Unavailable or EtcdStatusCode.DeadlineExceeded)
            {
                last = ex;
            }
        }
        throw last!;
    }

    /// <inheritdoc />
    public async Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            var h = await _transport.GetAsync(endpoint, "/health", EtcdJsonContext.Default.HealthDto, cancellationToken).ConfigureAwait(false);
            return h.IsHealthy;
        }
        catch (EtcdException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<EtcdKeyValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var r = await RangeAsync(new RangeRequestDto { Key = EtcdKeys.Encode(key) }, cancellationToken).ConfigureAwait(false);
        return r.Kvs is { Count: > 0 } kvs ? EtcdMapper.ToKeyValue(kvs[0]) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdKeyValue>> GetPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var r = await RangeAsync(new RangeRequestDto { Key = EtcdKeys.Encode(prefix), RangeEnd = EtcdKeys.PrefixRangeEnd(prefix) },
            cancellationToken).ConfigureAwait(false);
        return r.Kvs is null ? [] : [.. r.Kvs.Select(EtcdMapper.ToKeyValue)];
    }

    private Task<RangeResponseDto> RangeAsync(RangeRequestDto req, CancellationToken ct) =>
        _transport.PostAsync(V3 + "kv/range", req, EtcdJsonContext.Default.RangeRequestDto, EtcdJsonContext.Default.RangeResponseDto,
            idempotent: true, ct);

    /// <inheritdoc />
    public Task<long> PutAsync(string key, string value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return PutAsync(key, Encoding.UTF8.GetBytes(value), leaseId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var req = new PutRequestDto { Key = EtcdKeys.Encode(key), Value = EtcdKeys.Encode(value.Span), Lease = leaseId };
        var r = await _transport.PostAsync(V3 + "kv/put", req, EtcdJsonContext.Default.PutRequestDto, EtcdJsonContext.Default.PutResponseDto,
            idempotent: false, cancellationToken).ConfigureAwait(false);
        return r.Header?.Revision ?? 0;
    }

    /// <inheritdoc />
    public Task<long> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return DeleteRangeAsync(new DeleteRangeRequestDto { Key = EtcdKeys.Encode(key) }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return DeleteRangeAsync(new DeleteRangeRequestDto { Key = EtcdKeys.Encode(prefix), RangeEnd = EtcdKeys.PrefixRangeEnd(prefix) }, cancellationToken);
    }

    private async Task<long> DeleteRangeAsync(DeleteRangeRequestDto req, CancellationToken ct)
    {
        var r = await _transport.PostAsync(V3 + "kv/deleterange", req, EtcdJsonContext.Default.DeleteRangeRequestDto,
            EtcdJsonContext.Default.DeleteRangeResponseDto, idempotent: false, ct).ConfigureAwait(false);
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
        var cmp = new CompareDto { Key = k, Result = "EQUAL", Target = condition.Target };
        switch (condition.Target)
        {
            case "VALUE": cmp.Value = EtcdKeys.Encode(condition.ExpectedValue!); break;
            case "MOD": cmp.ModRevision = condition.ExpectedRevision; break;
            default: cmp.CreateRevision = condition.ExpectedRevision; break;
        }
        var req = new TxnRequestDto
        {
            Compare = [cmp],
            Success = [new RequestOpDto { RequestPut = new PutRequestDto { Key = k, Value = EtcdKeys.Encode(newValue) } }],
            Failure = [new RequestOpDto { RequestRange = new RangeRequestDto { Key = k } }],
        };
        var r = await _transport.PostAsync(V3 + "kv/txn", req, EtcdJsonContext.Default.TxnRequestDto, EtcdJsonContext.Default.TxnResponseDto,
            idempotent: false, cancellationToken).ConfigureAwait(false);
        EtcdKeyValue? current = null;
        if (!r.Succeeded && r.Responses is { Count: > 0 } ops && ops[0].ResponseRange?.Kvs is { Count: > 0 } kvs)
            current = EtcdMapper.ToKeyValue(kvs[0]);
        return new EtcdTransactionResult { Succeeded = r.Succeeded, Revision = r.Header?.Revision ?? 0, Current = current };
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();
}
