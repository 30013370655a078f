using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Catalog;

namespace K8sBare.Cluster.Apply;

/// <summary>HTTPS access to the API server as the cluster admin (client certificate from the local PKI, cluster CA pinned).</summary>
internal static class ApiAccess
{
    public static Uri ServerFor(ApplyRun run, NodeSpec controlPlane) =>
        new($"https://{Rendering.RenderContext.UrlHost(controlPlane.Address)}:{run.Spec.ApiEndpoint.Port}");

    public static HttpClient CreateHttpClient(ApplyRun run, TimeSpan timeout)
    {
        var caPem = run.Pki.Authority(CertificateAuthorityId.Cluster).CertificatePem;
        var admin = run.Pki.Certificate("admin");
        var ca = X509Certificate2.CreateFromPem(caPem);
        using var pemCert = X509Certificate2.CreateFromPem(admin.CertificatePem, admin.KeyPem());
#if NET10_0_OR_GREATER
        var clientCert = X509CertificateLoader.LoadPkcs12(pemCert.Export(X509ContentType.Pkcs12), null);
#else
        var clientCert = new X509Certificate2(pemCert.Export(X509ContentType.Pkcs12));
#endif
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { clientCert },
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    if (cert is null) return false;
                    if (errors == SslPolicyErrors.None) return true;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                        && chain.Build(cert as X509Certificate2 ?? new X509Certificate2(cert));
                },
            },
        };
        return new HttpClient(handler) { Timeout = timeout };
    }

    /// <summary>The first control-plane host whose apiserver runs, or null.</summary>
    public static async Task<HostSession?> RunningApiServerAsync(ApplyRun run, CancellationToken ct)
    {
        foreach (var h in run.Hosts.Where(h => h.Node.IsControlPlane))
            if (await ServicesPhase.IsRunningAsync(h, "kube-apiserver", ct).ConfigureAwait(false)) return h;
        return null;
    }
}
