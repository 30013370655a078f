using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// Reads one URL of the API through the cluster's endpoint, again and again, from this machine (outside the nodes),
/// with the admin certificate: plain HttpClient trusting only the cluster CA, one request at a time, each limited
/// to <see cref="RequestTimeout"/>, connections reused as any client would — or, with <c>freshConnections</c>, a new
/// connection for every request, so a load balancer chooses a backend for each one (a reused connection stays on the
/// backend it was opened to, and would not notice a dead one it does not use). Every answer is recorded with its time.
/// </summary>
internal sealed class ApiPoller : IAsyncDisposable
{
    /// <summary>Each request's limit.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly Func<string, bool> _expected;
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Sample> _samples = [];
    private readonly Task _loop;

    /// <summary>One answer: when it was asked (on the test's clock), whether it was right, and what went wrong.</summary>
    public sealed record Sample(TimeSpan At, TimeSpan Took, bool Ok, string? Error)
    {
        public override string ToString() => $"{At.TotalSeconds,7:0.00} s (+{Took.TotalMilliseconds:0} ms) {(Ok ? "ok" : "FAILED: " + Error)}";
    }

    /// <param name="url">The URL through the endpoint (e.g. a ConfigMap: a quorum read from etcd through an apiserver).</param>
    /// <param name="expected">Whether a 200 body is the right answer.</param>
    /// <param name="ca">The cluster CA (PEM file).</param>
    /// <param name="cert">The client certificate (PEM file).</param>
    /// <param name="key">Its key (PEM file).</param>
    /// <param name="clock">The test's clock.</param>
    /// <param name="freshConnections">A new TCP connection for every request.</param>
    public ApiPoller(Uri url, Func<string, bool> expected, string ca, string cert, string key, Stopwatch clock, bool freshConnections = false)
    {
        _url = url;
        _expected = expected;
        _clock = clock;
        var trust = X509CertificateLoader.LoadCertificateFromFile(ca);
        using var pem = X509Certificate2.CreateFromPemFile(cert, key);
        // (An ephemeral PEM key cannot be used for TLS client authentication on every platform: round-trip it.)
        var client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = RequestTimeout,
            PooledConnectionLifetime = freshConnections ? TimeSpan.Zero : Timeout.InfiniteTimeSpan,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [client],
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { trust },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Everything recorded so far.</summary>
    public IReadOnlyList<Sample> Samples
    {
        get { lock (_samples) return [.. _samples]; }
    }

    /// <summary>Waits until <paramref name="count"/> answers in a row after <paramref name="after"/> were right; returns the time of the first of them.</summary>
    public async Task<TimeSpan> WaitForStreakAsync(TimeSpan after, int count, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var since = Samples.Where(s => s.At >= after).ToList();
            var lastFailure = since.FindLastIndex(s => !s.Ok);
            if (since.Count - lastFailure - 1 >= count) return since[lastFailure + 1].At;
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"the API did not answer {count} times in a row through the endpoint within {timeout}; last answers:\n{string.Join('\n', since.TakeLast(20))}");
            await Task.Delay(Interval);
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = _clock.Elapsed;
            var took = Stopwatch.StartNew();
            Sample sample;
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                cts.CancelAfter(RequestTimeout);
                using var response = await _http.GetAsync(_url, cts.Token);
                var body = await response.Content.ReadAsStringAsync(cts.Token);
                sample = response.IsSuccessStatusCode && _expected(body)
                    ? new Sample(at, took.Elapsed, true, null)
                    : new Sample(at, took.Elapsed, false, $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                sample = new Sample(at, took.Elapsed, false, $"{ex.GetType().Name}: {ex.Message}{(ex.InnerException is { } i ? " ← " + i.Message : "")}");
            }

            lock (_samples) _samples.Add(sample);
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }
}
