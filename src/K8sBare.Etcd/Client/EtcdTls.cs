using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace K8sBare.Etcd;

/// <summary>
/// The HTTP/2 handler under one endpoint's gRPC channel: the client certificate for etcd's
/// <c>--client-cert-auth</c>, and the server certificate checked against the given CA only (never the system
/// store), its name against the endpoint's host. This is K8sBare's one certificate-pinning check.
/// </summary>
internal static class EtcdTls
{
    public static SocketsHttpHandler CreateHandler(EtcdClientOptions options, EtcdChannel channel)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            UseProxy = false,
            AllowAutoRedirect = false,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.ClientCertificate is not null)
            handler.SslOptions.ClientCertificates = [options.ClientCertificate];
        var ca = options.TrustedCa;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
        {
            var why = Check(ca, cert, errors);
            channel.TlsFailure = why;
            return why is null;
        };
        return handler;
    }

    /// <summary>
    /// Null when the server certificate chains to one of <paramref name="ca"/> and names the host; otherwise why not.
    /// </summary>
    internal static string? Check(X509Certificate2Collection? ca, X509Certificate? cert, SslPolicyErrors errors)
    {
        if (cert is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            return "the server sent no certificate";
        if (ca is null || ca.Count == 0)
            return "no etcd CA was given (EtcdClientOptions.TrustedCa)";
        using var owned = cert as X509Certificate2 is null ? new X509Certificate2(cert) : null;
        var leaf = cert as X509Certificate2 ?? owned!;
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return $"the server certificate ({leaf.Subject}) does not name the endpoint's host in its subject alternative names";
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (chain.Build(leaf)) return null;
        var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
        return $"the server certificate ({leaf.Subject}, issued by {leaf.Issuer}) does not chain to the given etcd CA ({status})";
    }
}
