using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using K8sBare.Pki.Kubeconfig;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>
/// Builds the official Kubernetes client (<see cref="IKubernetes"/> from the KubernetesClient package) from a kubeconfig
/// K8sBare rendered, so callers go on in the official API. The API server is always verified against the kubeconfig's
/// cluster CA alone: the system trust store is never consulted, the certificate must name the host of the server URL,
/// and <c>insecure-skip-tls-verify</c> is refused.
/// </summary>
public static class KubernetesClientFactory
{
    /// <summary>Builds a client from kubeconfig YAML (certificate data embedded, or file references readable here).</summary>
    /// <param name="kubeconfigYaml">The kubeconfig text, e.g. <c>admin.kubeconfig</c> of a render.</param>
    /// <param name="options">Context, server override and timeout; null for the defaults.</param>
    /// <returns>A client that contacts nobody until its first call; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The kubeconfig is not usable (no such context, no CA, TLS verification switched off, not https).</exception>
    public static IKubernetes FromKubeconfig(string kubeconfigYaml, KubernetesConnectionOptions? options = null)
    {
        var config = ConfigurationFromKubeconfig(kubeconfigYaml, options);
        return Create(config);
    }

    /// <summary>Builds a client from K8sBare.Pki's kubeconfig model (for example <c>GeneratedPki.Kubeconfig("admin")</c>).</summary>
    /// <param name="kubeconfig">The kubeconfig.</param>
    /// <param name="options">Context, server override and timeout; null for the defaults.</param>
    /// <exception cref="ArgumentException">The kubeconfig is not usable.</exception>
    public static IKubernetes FromKubeconfig(KubeconfigFile kubeconfig, KubernetesConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        return FromKubeconfig(kubeconfig.ToYaml(), options);
    }

    /// <summary>Reads a kubeconfig file and builds a client from it.</summary>
    /// <param name="path">The kubeconfig path.</param>
    /// <param name="options">Context, server override and timeout; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The kubeconfig is not usable.</exception>
    public static async Task<IKubernetes> FromKubeconfigFileAsync(string path, KubernetesConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No kubeconfig at '{path}'. Render the cluster (render --out DIR writes DIR/admin.kubeconfig) or point to the admin kubeconfig.", path);
        var yaml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return FromKubeconfig(yaml, options);
    }

    /// <summary>
    /// The official client's configuration for a kubeconfig, checked: an https server, a cluster CA, TLS verification on.
    /// Use it to build the client yourself (<c>new k8s.Kubernetes(config, handlers)</c>); <see cref="FromKubeconfig(string, KubernetesConnectionOptions?)"/>
    /// additionally pins the server certificate to that CA.
    /// </summary>
    /// <param name="kubeconfigYaml">The kubeconfig text.</param>
    /// <param name="options">Context, server override and timeout; null for the defaults.</param>
    /// <exception cref="ArgumentException">The kubeconfig is not usable.</exception>
    public static KubernetesClientConfiguration ConfigurationFromKubeconfig(string kubeconfigYaml, KubernetesConnectionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kubeconfigYaml);
        options ??= new KubernetesConnectionOptions();
        if (options.Server is { } s && s.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"KubernetesConnectionOptions.Server '{s}' must be an https URL.", nameof(options));
        KubernetesClientConfiguration config;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfigYaml));
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream, options.Context, options.Server?.OriginalString);
        }
        catch (k8s.Exceptions.KubeConfigException ex)
        {
            throw new ArgumentException($"The kubeconfig cannot be used: {ex.Message}", nameof(kubeconfigYaml), ex);
        }
        if (config.SkipTlsVerify)
            throw new ArgumentException("The kubeconfig sets insecure-skip-tls-verify; K8sBare always verifies the API server. Embed the cluster CA (certificate-authority-data) instead.", nameof(kubeconfigYaml));
        if (!config.Host.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The kubeconfig's server '{config.Host}' is not https; kube-apiserver serves TLS only.", nameof(kubeconfigYaml));
        if (config.SslCaCerts is not { Count: > 0 })
            throw new ArgumentException("The kubeconfig's cluster has no certificate-authority(-data); K8sBare verifies the API server against the cluster CA only.", nameof(kubeconfigYaml));
        config.HttpClientTimeout = options.RequestTimeout;
        return config;
    }

    private static k8s.Kubernetes Create(KubernetesClientConfiguration config)
    {
        // The client trusts a server certificate that the system store accepts, and checks names loosely when it
        // falls back to the CA. Pin it: the cluster CA alone, and the name must match. The handler is captured when the
        // client creates it and its callback replaced before any request is sent.
        HttpMessageHandler? first = null;
        var setup = config.FirstMessageHandlerSetup;
        config.FirstMessageHandlerSetup = h =>
        {
            first = h;
            setup?.Invoke(h);
        };
        var client = new k8s.Kubernetes(config);
        var ca = config.SslCaCerts;
        if (first is not SocketsHttpHandler sockets)
        {
            client.Dispose();
            throw new InvalidOperationException($"KubernetesClient created a {first?.GetType().Name ?? "null"} handler; K8sBare cannot pin the cluster CA on it.");
        }
        sockets.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => ServerCertificateIsTrusted(ca, cert, errors);
        return client;
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="ca"/> and names the host (no name mismatch).</summary>
    internal static bool ServerCertificateIsTrusted(X509Certificate2Collection ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || ca.Count == 0) return false;
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }
}
