using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using K8sBare.Etcd.Protocol;
using Microsoft.Extensions.Logging;

namespace K8sBare.Etcd;

/// <summary>
/// POSTs JSON to the gateway with fail-over: a connection failure (refused, TLS handshake, reset before a
/// response) moves to the next endpoint for every request; a timeout or <c>Unavailable</c> answer moves on
/// only for idempotent requests (reads, status), so a put or a member add is never sent twice.
/// </summary>
internal sealed class EtcdTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _log;

    public EtcdTransport(EtcdClientOptions options, ILogger log)
    {
        Options = options;
        _http = new HttpClient(EtcdHttpHandlerFactory.Create(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _ownsHttp = true;
        _log = log;
    }

    private EtcdTransport(EtcdClientOptions options, HttpClient http, ILogger log)
    {
        Options = options;
        _http = http;
        _ownsHttp = false;
        _log = log;
    }

    public EtcdClientOptions Options { get; }

    /// <summary>A transport with other endpoints that shares this one's connections.</summary>
    public EtcdTransport WithEndpoints(IReadOnlyList<Uri> endpoints) => new(Options with { Endpoints = endpoints }, _http, _log);

    public Task<TResp> PostAsync<TReq, TResp>(string path, TReq body, JsonTypeInfo<TReq> reqInfo, JsonTypeInfo<TResp> respInfo,
        bool idempotent, CancellationToken ct) =>
        PostAsync(Options.Endpoints, path, body, reqInfo, respInfo, idempotent, ct);

    public async Task<TResp> PostAsync<TReq, TResp>(IReadOnlyList<Uri> endpoints, string path, TReq body, JsonTypeInfo<TReq> reqInfo,
        JsonTypeInfo<TResp> respInfo, bool idempotent, CancellationToken ct)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, reqInfo);
        var (bytes, _) = await SendAsync(endpoints, HttpMethod.Post, path, payload, idempotent, ct).ConfigureAwait(false);
        return Deserialize(bytes, respInfo, path);
    }

    public async Task<T> GetAsync<T>(Uri endpoint, string path, JsonTypeInfo<T> info, CancellationToken ct)
    {
        var (bytes, _) = await SendAsync([endpoint], HttpMethod.Get, path, null, idempotent: true, ct).ConfigureAwait(false);
        return Deserialize(bytes, info, path);
    }

    /// <summary>Opens a streamed POST (watch, snapshot) on the first endpoint that accepts it.</summary>
    public async Task<(HttpResponseMessage Response, Uri Endpoint)> OpenStreamAsync<TReq>(string path, TReq body, JsonTypeInfo<TReq> reqInfo,
        CancellationToken ct)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, reqInfo);
        var failures = new List<string>();
        foreach (var ep in Options.Endpoints)
        {
            using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connectCts.CancelAfter(Options.RequestTimeout);
            HttpResponseMessage? resp = null;
            try
            {
                using var req = Build(ep, HttpMethod.Post, path, payload);
                resp = await _http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, connectCts.Token).ConfigureAwait(false);
                if (!resp.IsSuccessStatusCode)
                {
                    var bytes = await resp.Content.ReadAsByteArrayAsync(connectCts.Token).ConfigureAwait(false);
                    throw ToException(ep, path, resp.StatusCode, bytes);
                }
                return (resp, ep);
            }
            catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
            {
                resp?.Dispose();
                failures.Add($"{ep}: {Describe(ex)}");
                _log.LogDebug("etcd {Path} on {Endpoint} failed to connect ({Error}); trying the next endpoint", path, ep, ex.Message);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                resp?.Dispose();
                failures.Add($"{ep}: no response within {Options.RequestTimeout.TotalSeconds:0.###} s");
            }
            catch
            {
                resp?.Dispose();
                throw;
            }
        }
        throw NoEndpoint(path, failures, EtcdStatusCode.Unavailable);
    }

    private async Task<(byte[] Body, Uri Endpoint)> SendAsync(IReadOnlyList<Uri> endpoints, HttpMethod method, string path, byte[]? payload,
        bool idempotent, CancellationToken ct)
    {
        if (endpoints.Count == 0) throw new ArgumentException("No etcd endpoint was given; set EtcdClientOptions.Endpoints.");
        var failures = new List<string>();
        var code = EtcdStatusCode.Unavailable;
        foreach (var ep in endpoints)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(Options.RequestTimeout);
            try
            {
                using var req = Build(ep, method, path, payload);
                using var resp = await _http.SendAsync(req, HttpCompletionOption.ResponseContentRead, cts.Token).ConfigureAwait(false);
                var bytes = await resp.Content.ReadAsByteArrayAsync(cts.Token).ConfigureAwait(false);
                if (resp.IsSuccessStatusCode) return (bytes, ep);
                var ex = ToException(ep, path, resp.StatusCode, bytes);
                if (idempotent && ex.Code == EtcdStatusCode.Unavailable)
                {
                    failures.Add($"{ep}: {ex.EtcdMessage}");
                    continue;
                }
                throw ex;
            }
            catch (HttpRequestException ex) when (!ct.IsCancellationRequested && (idempotent || IsConnectFailure(ex)))
            {
                failures.Add($"{ep}: {Describe(ex)}");
                _log.LogDebug("etcd {Path} on {Endpoint} failed ({Error}); trying the next endpoint", path, ep, ex.Message);
            }
            catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
            {
                throw new EtcdException(EtcdStatusCode.Unavailable, ex.Message,
                    $"etcd {path} on {ep} failed after the request was sent ({Describe(ex)}); it was not retried on another endpoint because it is not idempotent — check the result before retrying.",
                    ep, ex);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                var what = $"{ep}: no response within {Options.RequestTimeout.TotalSeconds:0.###} s";
                if (!idempotent)
                    throw new EtcdException(EtcdStatusCode.DeadlineExceeded, "deadline exceeded",
                        $"etcd {path} on {ep} got no response within {Options.RequestTimeout.TotalSeconds:0.###} s (EtcdClientOptions.RequestTimeout); it was not retried because it is not idempotent — check the result before retrying.",
                        ep);
                failures.Add(what);
                code = EtcdStatusCode.DeadlineExceeded;
            }
        }
        throw NoEndpoint(path, failures, code);
    }

    private static HttpRequestMessage Build(Uri ep, HttpMethod method, string path, byte[]? payload)
    {
        var req = new HttpRequestMessage(method, new Uri(ep, path)) { Version = HttpVersion.Version11 };
        if (payload is not null)
        {
            req.Content = new ByteArrayContent(payload);
            req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return req;
    }

    private static bool IsConnectFailure(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError;

    private static string Describe(HttpRequestException ex)
    {
        var inner = ex.InnerException?.Message;
        return inner is null || inner == ex.Message ? ex.Message : $"{ex.Message} ({inner})";
    }

    private static EtcdException NoEndpoint(string path, List<string> failures, EtcdStatusCode code) =>
        new(code, "no endpoint answered",
            $"No etcd endpoint answered {path}: {string.Join("; ", failures)}. Check that etcd runs, that the endpoints are its client URLs, and that the CA and client certificate match its --trusted-ca-file and --client-cert-auth.");

    internal static EtcdException ToException(Uri ep, string path, HttpStatusCode status, byte[] body)
    {
        ErrorDto? err = null;
        try { err = JsonSerializer.Deserialize(body, EtcdJsonContext.Default.ErrorDto); }
        catch (JsonException) { }
        var msg = err?.Message ?? err?.Error ?? System.Text.Encoding.UTF8.GetString(body).Trim();
        var code = err is { Code: > 0 } ? (EtcdStatusCode)err.Code : status switch
        {
            HttpStatusCode.NotFound => EtcdStatusCode.Unimplemented,
            HttpStatusCode.ServiceUnavailable => EtcdStatusCode.Unavailable,
            HttpStatusCode.Unauthorized => EtcdStatusCode.Unauthenticated,
            HttpStatusCode.Forbidden => EtcdStatusCode.PermissionDenied,
            _ => EtcdStatusCode.Unknown,
        };
        return new EtcdException(code, msg, $"etcd {path} on {ep} failed: {msg} (code {(int)code} {code}, HTTP {(int)status}).", ep);
    }

    internal static T Deserialize<T>(byte[] bytes, JsonTypeInfo<T> info, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, info)
                ?? throw new EtcdException(EtcdStatusCode.Internal, "empty body", $"etcd {path} answered an empty body.");
        }
        catch (JsonException ex)
        {
            throw new EtcdException(EtcdStatusCode.Internal, ex.Message, $"etcd {path} answered JSON this client cannot read: {ex.Message}", inner: ex);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
