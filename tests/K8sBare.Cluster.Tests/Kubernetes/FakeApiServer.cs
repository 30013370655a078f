using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>
/// An in-process HTTPS server on 127.0.0.1 (random port) that requires a client certificate signed by the test
/// CA, records every request, and answers through a handler (see <see cref="FakeKubeApi"/>). HTTP/1.1, one
/// request per connection.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _serverCert;
    private readonly X509Certificate2Collection _ca = [];
    private readonly Func<RecordedRequest, FakeResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeApiServer(FakeApiPki pki, Func<RecordedRequest, FakeResponse> handler)
    {
        _handler = handler;
        _ca.ImportFromPem(pki.CaPem);
        using var ephemeral = X509Certificate2.CreateFromPem(pki.ServerPem, pki.ServerKeyPem);
        _serverCert = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        _listener.Start();
        Url = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>TLS handshakes refused because the client sent no valid certificate.</summary>
    public int RejectedHandshakes => _rejected;

    private int _rejected;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try { tcp = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(tcp));
        }
    }

    private async Task ServeAsync(TcpClient tcp)
    {
        using (tcp)
        {
            using var ssl = new SslStream(tcp.GetStream(), false, ValidateClient);
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _serverCert,
                    ClientCertificateRequired = true,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                }, _stop.Token);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _rejected);
                return;
            }
            try
            {
                var request = await ReadRequestAsync(ssl, ssl.RemoteCertificate?.Subject);
                if (request is null) return;
                Requests.Enqueue(request);
                FakeResponse response;
                try { response = _handler(request); }
                catch (Exception ex) { response = FakeResponse.Failure(500, "InternalError", ex.Message.Replace("\"", "'", StringComparison.Ordinal)); }
                var body = Encoding.UTF8.GetBytes(response.Body);
                var head = $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\nContent-Type: {response.ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await ssl.WriteAsync(Encoding.ASCII.GetBytes(head));
                await ssl.WriteAsync(body);
                await ssl.FlushAsync();
            }
            catch (IOException) { }
        }
    }

    private bool ValidateClient(object sender, X509Certificate? cert, X509Chain? _, SslPolicyErrors __)
    {
        if (cert is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(cert.GetRawCertData()));
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(Stream s, string? subject)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithCrlfCrlf(buffer))
        {
            if (await s.ReadAsync(one) == 0) return null;
            buffer.Add(one[0]);
            if (buffer.Count > 64 * 1024) return null;
        }
        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n");
        var parts = lines[0].Split(' ');
        var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        var length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await s.ReadExactlyAsync(body);
        var target = parts[1];
        var q = target.IndexOf('?', StringComparison.Ordinal);
        return new RecordedRequest(parts[0], q < 0 ? target : target[..q], q < 0 ? "" : target[(q + 1)..],
            headers.GetValueOrDefault("content-type"), Encoding.UTF8.GetString(body), subject, headers.GetValueOrDefault("accept"));
    }

    private static bool EndsWithCrlfCrlf(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    private static string Reason(int status) => status switch
    {
        200 => "OK", 201 => "Created", 404 => "Not Found", 409 => "Conflict", 429 => "Too Many Requests", 500 => "Internal Server Error",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
        _serverCert.Dispose();
        _stop.Dispose();
    }
}
