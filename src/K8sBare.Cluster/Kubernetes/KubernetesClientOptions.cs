using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Kubeconfig;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>
/// How to reach kube-apiserver: its URL, the CA that signed its serving certificate (the system store is never
/// used), and the client certificate (or a bearer token).
/// </summary>
public sealed record KubernetesClientOptions
{
    /// <summary>The API server URL, e.g. <c>https://10.0.0.10:6443</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>The cluster CA certificate(s).</summary>
    public required X509Certificate2Collection TrustedCa { get; init; }

    /// <summary>The client certificate with its private key (null when a token is used).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>A bearer token (never logged).</summary>
    public string? BearerToken { get; init; }

    /// <summary>Per-request timeout. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The field manager used for server-side apply. Default <c>k8sbare</c>.</summary>
    public string FieldManager { get; init; } = "k8sbare";

    /// <summary>Builds options from PEM text.</summary>
    public static KubernetesClientOptions FromPem(Uri server, string caPem, string? clientCertPem, string? clientKeyPem, string? bearerToken = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrWhiteSpace(caPem);
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(caPem);
        if (ca.Count == 0)
            throw new ArgumentException("The CA PEM holds no CERTIFICATE block; pass the cluster CA (ca.crt / certificate-authority-data).", nameof(caPem));
        X509Certificate2? cert = null;
        if (clientCertPem is not null || clientKeyPem is not null)
        {
            if (clientCertPem is null || clientKeyPem is null)
                throw new ArgumentException("Pass both the client certificate PEM and its key PEM, or neither.");
            cert = X509Certificate2.CreateFromPem(clientCertPem, clientKeyPem);
        }
        return new KubernetesClientOptions { Server = server, TrustedCa = ca, ClientCertificate = cert, BearerToken = bearerToken };
    }

    /// <summary>
    /// Builds options from a kubeconfig (K8sBare.Pki's model): the given context, or the current one. File
    /// references (certificate-authority, client-certificate, client-key, tokenFile) are read from disk.
    /// </summary>
    public static KubernetesClientOptions FromKubeconfig(KubeconfigFile kubeconfig, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        var ctxName = context ?? kubeconfig.CurrentContext;
        var ctx = kubeconfig.Contexts.FirstOrDefault(c => c.Name == ctxName)?.Context
            ?? throw new ArgumentException($"The kubeconfig has no context '{ctxName}'; contexts: {string.Join(", ", kubeconfig.Contexts.Select(c => c.Name))}.", nameof(context));
        var cluster = kubeconfig.Clusters.FirstOrDefault(c => c.Name == ctx.Cluster)?.Cluster
            ?? throw new ArgumentException($"Context '{ctxName}' names cluster '{ctx.Cluster}', which the kubeconfig does not define.", nameof(kubeconfig));
        var user = kubeconfig.Users.FirstOrDefault(u => u.Name == ctx.User)?.User
            ?? throw new ArgumentException($"Context '{ctxName}' names user '{ctx.User}', which the kubeconfig does not define.", nameof(kubeconfig));
        if (cluster.InsecureSkipTlsVerify)
            throw new ArgumentException($"Cluster '{ctx.Cluster}' sets insecure-skip-tls-verify; K8sBare always verifies the API server. Embed the cluster CA instead.", nameof(kubeconfig));
        var ca = cluster.CertificateAuthorityData ?? ReadFile(cluster.CertificateAuthority, "certificate-authority", ctx.Cluster)
            ?? throw new ArgumentException($"Cluster '{ctx.Cluster}' has neither certificate-authority-data nor certificate-authority.", nameof(kubeconfig));
        var cert = user.ClientCertificateData ?? ReadFile(user.ClientCertificate, "client-certificate", ctx.User);
        var key = user.ClientKeyData ?? ReadFile(user.ClientKey, "client-key", ctx.User);
        var token = user.Token ?? ReadFile(user.TokenFile, "tokenFile", ctx.User)?.Trim();
        if (cert is null && token is null)
            throw new ArgumentException($"User '{ctx.User}' has no client certificate and no token.", nameof(kubeconfig));
        return FromPem(new Uri(cluster.Server), ca, cert, key, token);
    }

    /// <summary>Parses kubeconfig YAML and builds options from it.</summary>
    public static KubernetesClientOptions FromKubeconfigYaml(string yaml, string? context = null) =>
        FromKubeconfig(KubeconfigFile.Parse(yaml), context);

    private static string? ReadFile(string? path, string field, string owner)
    {
        if (path is null) return null;
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"The kubeconfig's {field} for '{owner}' points to '{path}', which does not exist.", path);
    }
}
