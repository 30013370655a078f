using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using K8sBare.Cluster.Kubernetes.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>The HttpClient-based <see cref="IKubernetesClient"/>: mTLS (or a token), the server checked against the given CA only.</summary>
public sealed partial class KubernetesClient : IKubernetesClient
{
    private readonly HttpClient _http;
    private readonly KubernetesClientOptions _options;
    private readonly ILogger _log;

    /// <summary>Creates the client; nothing is contacted until the first call.</summary>
    public KubernetesClient(KubernetesClientOptions options, ILogger? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Server.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"The API server URL '{options.Server}' must be https.", nameof(options));
        _log = logger ?? NullLogger.Instance;
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (options.ClientCertificate is not null) handler.SslOptions.ClientCertificates = [options.ClientCertificate];
        var ca = options.TrustedCa;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => ValidateServer(ca, cert, errors);
        _http = new HttpClient(handler) { BaseAddress = options.Server, Timeout = options.RequestTimeout };
        if (options.BearerToken is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("k8sbare", "0.1"));
    }

    internal static bool ValidateServer(X509Certificate2Collection ca, X509Certificate? cert, SslPolicyErrors errors)
    {
        if (cert is null || ca.Count == 0) return false;
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert as X509Certificate2 ?? new X509Certificate2(cert));
    }

    /// <inheritdoc />
    public async Task<KubernetesVersionInfo> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var v = await SendJsonAsync(HttpMethod.Get, "/version", null, null, KubernetesJsonContext.Default.VersionDto, cancellationToken).ConfigureAwait(false);
        return new KubernetesVersionInfo { Major = v!.Major ?? "", Minor = v.Minor ?? "", GitVersion = v.GitVersion ?? "", Platform = v.Platform ?? "" };
    }

    /// <inheritdoc />
    public async Task<KubernetesReadiness> GetReadinessAsync(CancellationToken cancellationToken = default)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, "/readyz?verbose");
        using var resp = await SendRawAsync(req, cancellationToken).ConfigureAwait(false);
        var body = await resp.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (resp.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable))
            throw ToException(resp.StatusCode, body, "GET", "/readyz");
        var failed = body.Split('\n').Where(l => l.StartsWith("[-]", StringComparison.Ordinal))
            .Select(l => l[3..].Split(' ')[0]).ToList();
        return new KubernetesReadiness { Ready = resp.StatusCode == HttpStatusCode.OK, Report = body, FailedChecks = failed };
    }

    /// <inheritdoc />
    public async Task<KubernetesConfigMap?> GetConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var dto = await SendJsonAsync(HttpMethod.Get, ConfigMapPath(@namespace, name), null, null, KubernetesJsonContext.Default.ConfigMapDto,
            cancellationToken, nullOn404: true).ConfigureAwait(false);
        return dto is null ? null : ToConfigMap(dto, @namespace, name);
    }

    /// <inheritdoc />
    public async Task<KubernetesConfigMap> CreateOrUpdateConfigMapAsync(string @namespace, string name, IReadOnlyDictionary<string, string> data,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var existing = await GetConfigMapAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        var dto = new ConfigMapDto
        {
            ApiVersion = "v1", Kind = "ConfigMap",
            Metadata = new ObjectMetaDto { Name = name, Namespace = @namespace, ResourceVersion = existing?.ResourceVersion },
            Data = new SortedDictionary<string, string>(data.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
        };
        var body = JsonSerializer.Serialize(dto, KubernetesJsonContext.Default.ConfigMapDto);
        var result = existing is null
            ? await SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{Esc(@namespace)}/configmaps", body, "application/json",
                KubernetesJsonContext.Default.ConfigMapDto, cancellationToken).ConfigureAwait(false)
            : await SendJsonAsync(HttpMethod.Put, ConfigMapPath(@namespace, name), body, "application/json",
                KubernetesJsonContext.Default.ConfigMapDto, cancellationToken).ConfigureAwait(false);
        return ToConfigMap(result!, @namespace, name);
    }

    /// <inheritdoc />
    public async Task<EvictionResult> EvictPodAsync(string @namespace, string name, TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var eviction = new EvictionDto
        {
            Metadata = new ObjectMetaDto { Name = name, Namespace = @namespace },
            DeleteOptions = gracePeriod is { } g ? new DeleteOptionsDto { GracePeriodSeconds = (long)g.TotalSeconds } : null,
        };
        var path = $"/api/v1/namespaces/{Esc(@namespace)}/pods/{Esc(name)}/eviction";
        using var req = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = Json(JsonSerializer.Serialize(eviction, KubernetesJsonContext.Default.EvictionDto), "application/json"),
        };
        using var resp = await SendRawAsync(req, cancellationToken).ConfigureAwait(false);
        var body = await resp.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return resp.StatusCode switch
        {
            HttpStatusCode.OK or HttpStatusCode.Created => EvictionResult.Evicted,
            HttpStatusCode.NotFound => EvictionResult.NotFound,
            HttpStatusCode.TooManyRequests => EvictionResult.BlockedByDisruptionBudget,
            _ => throw ToException(resp.StatusCode, body, "POST", path),
        };
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    private static KubernetesConfigMap ToConfigMap(ConfigMapDto d, string ns, string name) => new()
    {
        Namespace = d.Metadata?.Namespace ?? ns,
        Name = d.Metadata?.Name ?? name,
        ResourceVersion = d.Metadata?.ResourceVersion,
        Data = new SortedDictionary<string, string>(d.Data ?? new SortedDictionary<string, string>(), StringComparer.Ordinal),
    };

    private static string ConfigMapPath(string ns, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ns);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return $"/api/v1/namespaces/{Esc(ns)}/configmaps/{Esc(name)}";
    }

    private static string Esc(string s) => Uri.EscapeDataString(s);

    private static StringContent Json(string body, string contentType)
    {
        var c = new StringContent(body, Encoding.UTF8);
        c.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return c;
    }

    private async Task<T?> SendJsonAsync<T>(HttpMethod method, string path, string? body, string? contentType, JsonTypeInfo<T> info,
        CancellationToken ct, bool nullOn404 = false) where T : class
    {
        using var req = new HttpRequestMessage(method, path);
        if (body is not null) req.Content = Json(body, contentType!);
        using var resp = await SendRawAsync(req, ct).ConfigureAwait(false);
        var text = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (nullOn404 && resp.StatusCode == HttpStatusCode.NotFound) return null;
        if (!resp.IsSuccessStatusCode) throw ToException(resp.StatusCode, text, method.Method, path);
        try
        {
            return JsonSerializer.Deserialize(text, info)
                ?? throw new KubernetesApiException(resp.StatusCode, "InvalidResponse", "empty body", method.Method, path);
        }
        catch (JsonException ex)
        {
            throw new KubernetesApiException(resp.StatusCode, "InvalidResponse", $"the body is not the expected JSON ({ex.Message})", method.Method, path, ex);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage req, CancellationToken ct)
    {
        try
        {
            _log.LogDebug("Kubernetes API {Method} {Path}", req.Method, req.RequestUri);
            return await _http.SendAsync(req, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new KubernetesApiException(0, "Unreachable",
                $"cannot reach {_options.Server} ({ex.Message}); check the server URL, that kube-apiserver runs, and that the CA and client certificate match it",
                req.Method.Method, req.RequestUri?.OriginalString ?? "", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new KubernetesApiException(HttpStatusCode.GatewayTimeout, "Timeout",
                $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s (KubernetesClientOptions.RequestTimeout)", req.Method.Method,
                req.RequestUri?.OriginalString ?? "", ex);
        }
    }

    internal static KubernetesApiException ToException(HttpStatusCode status, string body, string method, string path)
    {
        StatusDto? s = null;
        try { s = JsonSerializer.Deserialize(body, KubernetesJsonContext.Default.StatusDto); }
        catch (JsonException) { }
        return s is { Kind: "Status" }
            ? new KubernetesApiException(status, s.Reason ?? status.ToString(), s.Message ?? "", method, path)
            : new KubernetesApiException(status, status.ToString(), body.Length > 500 ? body[..500] : body, method, path);
    }
}
