using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace K8sBare.Etcd;

/// <summary>Builds the HTTP handler: mTLS, server validated against the given CA only.</summary>
internal static class EtcdHttpHandlerFactory
{
    public static SocketsHttpHandler Create(EtcdClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        if (options.ClientCertificate is not null)
            handler.SslOptions.ClientCertificates = [options.ClientCertificate];
        var ca = options.TrustedCa;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => Validate(ca, cert, errors);
        return handler;
    }

    /// <summary>Accepts a server certificate only when it chains to one of <paramref name="ca"/> and its name matches.</summary>
    internal static bool Validate(X509Certificate2Collection? ca, X509Certificate? cert, SslPolicyErrors errors)
    {
        if (cert is null || ca is null || ca.Count == 0) return false;
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            return false;
        var leaf = cert as X509Certificate2 ?? new X509Certificate2(cert);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(leaf);
    }
}
