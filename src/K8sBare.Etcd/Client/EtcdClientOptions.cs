using System.Security.Cryptography.X509Certificates;

namespace K8sBare.Etcd;

/// <summary>
/// How to reach etcd: client endpoints (tried in order, failing over on connection failure), the CA that
/// must have signed the server certificate (the system store is never used), and the client certificate
/// with its private key for <c>--client-cert-auth</c>.
/// </summary>
public sealed record EtcdClientOptions
{
    /// <summary>Client URLs, for example <c>https://10.0.1.10:2379</c>. At least one.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The CA certificate(s) trusted for the server certificate; null only for plain-http endpoints.</summary>
    public X509Certificate2Collection? TrustedCa { get; init; }

    /// <summary>The client certificate with its private key (EKU clientAuth); null sends none.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Timeout of one request to one endpoint (streams are bounded by cancellation only). Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TCP+TLS connect timeout per endpoint. Default 3 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Builds options from PEM text: the CA bundle, the client certificate and its private key.</summary>
    /// <param name="endpoints">The members' client URLs, e.g. <c>https://10.0.0.10:2379</c> (etcd <c>--advertise-client-urls</c>).</param>
    /// <param name="caPem">The etcd CA bundle as PEM text (one or more <c>CERTIFICATE</c> blocks), as etcdctl's <c>--cacert</c> file holds.</param>
    /// <param name="clientCertPem">The client certificate PEM (its CN is the etcd user when auth is on), or null for no client certificate; give both or neither.</param>
    /// <param name="clientKeyPem">The client certificate's private key PEM (PKCS#8, PKCS#1 or SEC1), or null; give both or neither.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="caPem"/> is empty or holds no certificate, or only one of the client PEMs is given.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A PEM is malformed or the key does not match the certificate.</exception>
    public static EtcdClientOptions FromPem(IEnumerable<Uri> endpoints, string caPem, string? clientCertPem, string? clientKeyPem)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(caPem);
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(caPem);
        if (ca.Count == 0)
            throw new ArgumentException("The CA PEM holds no CERTIFICATE block; pass the etcd CA (ca.crt) text.", nameof(caPem));
        X509Certificate2? client = null;
        if (clientCertPem is not null || clientKeyPem is not null)
        {
            if (clientCertPem is null || clientKeyPem is null)
                throw new ArgumentException("Pass both the client certificate PEM and its private key PEM, or neither.");
            client = X509Certificate2.CreateFromPem(clientCertPem, clientKeyPem);
        }
        return new EtcdClientOptions { Endpoints = [.. endpoints], TrustedCa = ca, ClientCertificate = client };
    }

    /// <summary>Builds options from PEM files, as etcdctl's <c>--cacert --cert --key</c>.</summary>
    /// <param name="endpoints">The members' client URLs, e.g. <c>https://10.0.0.10:2379</c>.</param>
    /// <param name="caFile">Path of the etcd CA PEM file (etcdctl <c>--cacert</c>).</param>
    /// <param name="certFile">Path of the client certificate PEM file (etcdctl <c>--cert</c>), or null for none.</param>
    /// <param name="keyFile">Path of the client key PEM file (etcdctl <c>--key</c>), or null for none.</param>
    /// <exception cref="FileNotFoundException">A given file does not exist.</exception>
    /// <exception cref="ArgumentException">See <see cref="FromPem"/>.</exception>
    public static EtcdClientOptions FromPemFiles(IEnumerable<Uri> endpoints, string caFile, string? certFile, string? keyFile)
    {
        static string Read(string path, string what) => File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"The etcd {what} file '{path}' does not exist; pass the path of the PEM file.", path);
        return FromPem(endpoints, Read(caFile, "CA"), certFile is null ? null : Read(certFile, "client certificate"),
            keyFile is null ? null : Read(keyFile, "client key"));
    }
}
