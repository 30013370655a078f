using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;

namespace K8sBare.Pki.Kubeconfig;

/// <summary>
/// Composes a <see cref="KubeconfigFile"/> fluently, and builds the cluster's standard kubeconfigs (admin, kubelet,
/// kube-proxy, controller-manager, scheduler, CoreDNS, flannel) with embedded certificates, like
/// <c>kubectl config set-cluster/set-credentials --embed-certs</c> and <c>use-context default</c>.
/// </summary>
public sealed class KubeconfigBuilder
{
    /// <summary>The context name the standard kubeconfigs use (as the hard way does).</summary>
    public const string DefaultContext = "default";

    private readonly List<NamedKubeconfigCluster> _clusters = [];
    private readonly List<NamedKubeconfigUser> _users = [];
    private readonly List<NamedKubeconfigContext> _contexts = [];
    private string _current = "";

    /// <summary>Adds (or replaces) a cluster with an embedded CA.</summary>
    public KubeconfigBuilder Cluster(string name, string server, string certificateAuthorityPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(server);
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new PkiException($"kubeconfig cluster '{name}': server '{server}' must be an https:// URL such as https://10.0.0.10:6443.");
        return Cluster(name, new KubeconfigCluster { Server = server, CertificateAuthorityData = certificateAuthorityPem });
    }

    /// <summary>Adds (or replaces) a cluster.</summary>
    public KubeconfigBuilder Cluster(string name, KubeconfigCluster cluster)
    {
        _clusters.RemoveAll(c => c.Name == name);
        _clusters.Add(new NamedKubeconfigCluster(name, cluster));
        return this;
    }

    /// <summary>Adds (or replaces) a user with an embedded client certificate and key.</summary>
    public KubeconfigBuilder User(string name, string certificatePem, string keyPem) =>
        User(name, new KubeconfigUser { ClientCertificateData = certificatePem, ClientKeyData = keyPem });

    /// <summary>Adds (or replaces) a user.</summary>
    public KubeconfigBuilder User(string name, KubeconfigUser user)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _users.RemoveAll(u => u.Name == name);
        _users.Add(new NamedKubeconfigUser(name, user));
        return this;
    }

    /// <summary>Adds (or replaces) a context.</summary>
    public KubeconfigBuilder Context(string name, string cluster, string user, string? @namespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _contexts.RemoveAll(c => c.Name == name);
        _contexts.Add(new NamedKubeconfigContext(name, new KubeconfigContext { Cluster = cluster, User = user, Namespace = @namespace }));
        return this;
    }

    /// <summary>Sets <c>current-context</c>.</summary>
    public KubeconfigBuilder UseContext(string name)
    {
        _current = name;
        return this;
    }

    /// <summary>Builds the file, checking that every context points to a defined cluster and user.</summary>
    public KubeconfigFile Build()
    {
        var file = new KubeconfigFile
        {
            Clusters = _clusters.OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
            Users = _users.OrderBy(u => u.Name, StringComparer.Ordinal).ToList(),
            Contexts = _contexts.OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
            CurrentContext = _current,
        };
        var problems = file.Validate();
        if (problems.Count > 0) throw new PkiException("kubeconfig: " + string.Join(" ", problems));
        return file;
    }

    /// <summary>
    /// A one-cluster, one-user kubeconfig for a client certificate: the user is named after the certificate CN,
    /// the context is <c>default</c>.
    /// </summary>
    public static KubeconfigFile ForClient(string clusterName, string server, string caPem, IssuedCertificate client,
        PrivateKeyFormat keyFormat = PrivateKeyFormat.Pkcs8)
    {
        ArgumentNullException.ThrowIfNull(client);
        var user = client.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);
        return ForClient(clusterName, server, caPem, user, client.CertificatePem, client.KeyPem(keyFormat));
    }

    /// <summary>
    /// <see cref="ForClient(string, string, string, IssuedCertificate, PrivateKeyFormat)"/> with the user name (the
    /// certificate's CN) and PEMs already known, so no <see cref="System.Security.Cryptography.X509Certificates.X509Certificate2"/> is loaded.
    /// </summary>
    internal static KubeconfigFile ForClient(string clusterName, string server, string caPem, string user, string certificatePem, string keyPem) =>
        new KubeconfigBuilder()
            .Cluster(clusterName, server, caPem)
            .User(user, certificatePem, keyPem)
            .Context(DefaultContext, clusterName, user)
            .UseContext(DefaultContext)
            .Build();

    /// <summary>The admin kubeconfig (the certificate's O should be <c>system:masters</c>).</summary>
    public static KubeconfigFile Admin(string clusterName, string server, string caPem, IssuedCertificate admin) =>
        ForClient(clusterName, server, caPem, admin);

    /// <summary>A kubelet kubeconfig; the certificate CN must be <c>system:node:&lt;nodeName&gt;</c>.</summary>
    public static KubeconfigFile Kubelet(string clusterName, string server, string caPem, string nodeName, IssuedCertificate kubelet) =>
        ForClient(clusterName, server, caPem, Expect(kubelet, $"system:node:{nodeName}", "kubelet"));

    /// <summary>The kube-proxy kubeconfig; the certificate CN must be <c>system:kube-proxy</c>.</summary>
    public static KubeconfigFile KubeProxy(string clusterName, string server, string caPem, IssuedCertificate proxy) =>
        ForClient(clusterName, server, caPem, Expect(proxy, "system:kube-proxy", "kube-proxy"));

    /// <summary>The kube-controller-manager kubeconfig; CN <c>system:kube-controller-manager</c>.</summary>
    public static KubeconfigFile ControllerManager(string clusterName, string server, string caPem, IssuedCertificate cm) =>
        ForClient(clusterName, server, caPem, Expect(cm, "system:kube-controller-manager", "kube-controller-manager"));

    /// <summary>The kube-scheduler kubeconfig; CN <c>system:kube-scheduler</c>.</summary>
    public static KubeconfigFile Scheduler(string clusterName, string server, string caPem, IssuedCertificate scheduler) =>
        ForClient(clusterName, server, caPem, Expect(scheduler, "system:kube-scheduler", "kube-scheduler"));

    /// <summary>The CoreDNS kubeconfig (any client certificate from the cluster CA, e.g. CN <c>system:coredns</c>).</summary>
    public static KubeconfigFile CoreDns(string clusterName, string server, string caPem, IssuedCertificate coredns) =>
        ForClient(clusterName, server, caPem, coredns);

    /// <summary>The flanneld kubeconfig for <c>--kube-subnet-mgr</c> (a client certificate from the cluster CA).</summary>
    public static KubeconfigFile Flannel(string clusterName, string server, string caPem, IssuedCertificate flannel) =>
        ForClient(clusterName, server, caPem, flannel);

    private static IssuedCertificate Expect(IssuedCertificate cert, string cn, string component)
    {
        ArgumentNullException.ThrowIfNull(cert);
        var actual = cert.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);
        if (actual != cn)
            throw new PkiException($"{component} kubeconfig: the certificate's CN is '{actual}' but {component} must authenticate as '{cn}'; issue a certificate with CN '{cn}'.");
        return cert;
    }
}
