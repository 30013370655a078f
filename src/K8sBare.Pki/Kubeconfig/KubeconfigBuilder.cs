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
    /// <param name="name">The cluster's name in the file (e.g. <c>kubernetes</c>); a cluster of the same name is replaced.</param>
    /// <param name="server">The API server URL; must be absolute <c>https://</c>, e.g. <c>https://10.0.0.10:6443</c>.</param>
    /// <param name="certificateAuthorityPem">The CA certificate as PEM text (not a path), written as base64 <c>certificate-authority-data</c>; not parsed here.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException"><paramref name="server"/> is not an absolute https:// URL.</exception>
    public KubeconfigBuilder Cluster(string name, string server, string certificateAuthorityPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(server);
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new PkiException($"kubeconfig cluster '{name}': server '{server}' must be an https:// URL such as https://10.0.0.10:6443.");
        return Cluster(name, new KubeconfigCluster { Server = server, CertificateAuthorityData = certificateAuthorityPem });
    }

    /// <summary>Adds (or replaces) a cluster.</summary>
    /// <param name="name">The cluster's name in the file; a cluster of the same name is replaced.</param>
    /// <param name="cluster">The cluster entry as is (server, CA data or path, other fields); not validated here.</param>
    /// <returns>This builder.</returns>
    public KubeconfigBuilder Cluster(string name, KubeconfigCluster cluster)
    {
        _clusters.RemoveAll(c => c.Name == name);
        _clusters.Add(new NamedKubeconfigCluster(name, cluster));
        return this;
    }

    /// <summary>Adds (or replaces) a user with an embedded client certificate and key.</summary>
    /// <param name="name">The user's name in the file (the standard kubeconfigs use the certificate's CN); a user of the same name is replaced.</param>
    /// <param name="certificatePem">The client certificate as PEM text (not a path), written as base64 <c>client-certificate-data</c>.</param>
    /// <param name="keyPem">The client's unencrypted private key as PEM text, written as base64 <c>client-key-data</c>. A secret: write the file 0600.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public KubeconfigBuilder User(string name, string certificatePem, string keyPem) =>
        User(name, new KubeconfigUser { ClientCertificateData = certificatePem, ClientKeyData = keyPem });

    /// <summary>Adds (or replaces) a user.</summary>
    /// <param name="name">The user's name in the file; a user of the same name is replaced.</param>
    /// <param name="user">The user entry as is (certificate/key data or paths, token, other fields).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public KubeconfigBuilder User(string name, KubeconfigUser user)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _users.RemoveAll(u => u.Name == name);
        _users.Add(new NamedKubeconfigUser(name, user));
        return this;
    }

    /// <summary>Adds (or replaces) a context.</summary>
    /// <param name="name">The context's name (the standard kubeconfigs use <see cref="DefaultContext"/>); a context of the same name is replaced.</param>
    /// <param name="cluster">The name of a cluster added with <see cref="Cluster(string, string, string)"/> (checked by <see cref="Build"/>).</param>
    /// <param name="user">The name of a user added with <see cref="User(string, string, string)"/> (checked by <see cref="Build"/>).</param>
    /// <param name="namespace">The default namespace for this context, or null for none (kubectl then uses <c>default</c>).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public KubeconfigBuilder Context(string name, string cluster, string user, string? @namespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _contexts.RemoveAll(c => c.Name == name);
        _contexts.Add(new NamedKubeconfigContext(name, new KubeconfigContext { Cluster = cluster, User = user, Namespace = @namespace }));
        return this;
    }

    /// <summary>Sets <c>current-context</c>.</summary>
    /// <param name="name">The name of a context added with <see cref="Context"/> (checked by <see cref="Build"/>); empty leaves it unset.</param>
    /// <returns>This builder.</returns>
    public KubeconfigBuilder UseContext(string name)
    {
        _current = name;
        return this;
    }

    /// <summary>Builds the file, checking that every context points to a defined cluster and user.</summary>
    /// <exception cref="PkiException">A context names an undefined cluster or user, or the current context is undefined; every problem is listed.</exception>
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
    /// <param name="clusterName">The kubeconfig cluster name (usually <see cref="Catalog.ClusterTopology.ClusterName"/>, <c>kubernetes</c>).</param>
    /// <param name="server">The API server URL, absolute <c>https://</c> (e.g. <c>https://127.0.0.1:6443</c> on a control-plane node, the load balancer elsewhere).</param>
    /// <param name="caPem">The cluster CA certificate as PEM text (not a path), embedded as <c>certificate-authority-data</c>.</param>
    /// <param name="client">A client certificate from the cluster CA with its private key; its CN becomes the user name (the Kubernetes user, and its O entries the groups).</param>
    /// <param name="keyFormat">How the embedded key is written (see <see cref="PrivateKeyFormat"/>).</param>
    /// <returns>A kubeconfig with one cluster, one user and the context <c>default</c>, which is current. It embeds the private key: write it 0600.</returns>
    /// <exception cref="ArgumentNullException">The certificate is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clusterName"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException"><paramref name="client"/> has no private key, or <paramref name="server"/> is not an https:// URL.</exception>
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
    /// <param name="clusterName">The kubeconfig cluster name (usually <see cref="Catalog.ClusterTopology.ClusterName"/>, <c>kubernetes</c>).</param>
    /// <param name="server">The API server URL, absolute <c>https://</c> (e.g. <c>https://127.0.0.1:6443</c> on a control-plane node, the load balancer elsewhere).</param>
    /// <param name="caPem">The cluster CA certificate as PEM text (not a path), embedded as <c>certificate-authority-data</c>.</param>
    /// <param name="admin">The admin client certificate with its key (kubeadm: CN <c>kubernetes-admin</c>, O <c>system:masters</c>, bound to cluster-admin; not checked here).</param>
    /// <returns>A one-cluster, one-user kubeconfig with context <c>default</c>; it embeds the private key: write it 0600.</returns>
    /// <exception cref="ArgumentNullException">The certificate is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clusterName"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException">The certificate has no private key, or <paramref name="server"/> is not an https:// URL.</exception>
    public static KubeconfigFile Admin(string clusterName, string server, string caPem, IssuedCertificate admin) =>
        ForClient(clusterName, server, caPem, admin);

    /// <summary>A kubelet kubeconfig; the certificate CN must be <c>system:node:&lt;nodeName&gt;</c>.</summary>
    /// <param name="clusterName">The kubeconfig cluster name (usually <see cref="Catalog.ClusterTopology.ClusterName"/>, <c>kubernetes</c>).</param>
    /// <param name="server">The API server URL, absolute <c>https://</c> (e.g. <c>https://127.0.0.1:6443</c> on a control-plane node, the load balancer elsewhere).</param>
    /// <param name="caPem">The cluster CA certificate as PEM text (not a path), embedded as <c>certificate-authority-data</c>.</param>
    /// <param name="nodeName">The node's registered Kubernetes name (the kubelet's <c>--hostname-override</c> or host name).</param>
    /// <param name="kubelet">The kubelet client certificate with its key: CN <c>system:node:&lt;nodeName&gt;</c> and O <c>system:nodes</c>, as the Node authorizer requires (Kubernetes docs, "Using Node Authorization").</param>
    /// <returns>A one-cluster, one-user kubeconfig with context <c>default</c>; it embeds the private key: write it 0600.</returns>
    /// <exception cref="ArgumentNullException">The certificate is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clusterName"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException">The certificate has no private key, or its CN is not <c>system:node:&lt;nodeName&gt;</c>, or <paramref name="server"/> is not an https:// URL.</exception>
    public static KubeconfigFile Kubelet(string clusterName, string server, string caPem, string nodeName, IssuedCertificate kubelet) =>
        ForClient(clusterName, server, caPem, Expect(kubelet, $"system:node:{nodeName}", "kubelet"));

    /// <summary>The kube-proxy kubeconfig; the certificate CN must be <c>system:kube-proxy</c>.</summary>
    /// <param name="clusterName">The kubeconfig cluster name (usually <see cref="Catalog.ClusterTopology.ClusterName"/>, <c>kubernetes</c>).</param>
    /// <param name="server">The API server URL, absolute <c>https://</c> (e.g. <c>https://127.0.0.1:6443</c> on a control-plane node, the load balancer elsewhere).</param>
    /// <param name="caPem">The cluster CA certificate as PEM text (not a path), embedded as <c>certificate-authority-data</c>.</param>
    /// <param name="proxy">The kube-proxy client certificate with its key; CN <c>system:kube-proxy</c>, the user the default RBAC binding <c>system:node-proxier</c> names.</param>
    /// <returns>A one-cluster, one-user kubeconfig with context <c>default</c>; it embeds the private key: write it 0600.</returns>
    /// <exception cref="ArgumentNullException">The certificate is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clusterName"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException">The certificate has no private key, or its CN is not <c>system:kube-proxy</c>, or <paramref name="server"/> is not an https:// URL.</exception>
    public static KubeconfigFile KubeProxy(string clusterName, string server, string caPem, IssuedCertificate proxy) =>
        ForClient(clusterName, server, caPem, Expect(proxy, "system:kube-proxy", "kube-proxy"));

    /// <summary>The kube-controller-manager kubeconfig; CN <c>system:kube-controller-manager</c>.</summary>
    /// <param name="clusterName">The kubeconfig cluster name (usually <see cref="Catalog.ClusterTopology.ClusterName"/>, <c>kubernetes</c>).</param>
    /// <param name="server">The API server URL, absolute <c>https://</c> (e.g. <c>https://127.0.0.1:6443</c> on a control-plane node, the load balancer elsewhere).</param>
    /// <param name="caPem">The cluster CA certificate as PEM text (not a path), embedded as <c>certificate-authority-data</c>.</param>
    /// <param name="cm">The controller-manager client certificate with its key; CN <c>system:kube-controller-manager</c>, the user of the default RBAC role of that name.</param>
    /// <returns>A one-cluster, one-user kubeconfig with context <c>default</c>; it embeds the private key: write it 0600.</returns>
    /// <exception cref="ArgumentNullException">The certificate is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clusterName"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException">The certificate has no private key, or its CN is not <c>system:kube-controller-manager</c>, or <paramref name="server"/> is not an https:// URL.</exception>
    public static KubeconfigFile ControllerManager(string clusterName, string server, string caPem, IssuedCertificate cm) =>
        ForClient(clusterName, server, caPem, Expect(cm, "system:kube-controller-manager", "kube-controller-manager"));

    /// <summary>The kube-scheduler kubeconfig; CN <c>system:kube-scheduler</c>.</summary>
    /// <param name="clusterName">The kubeconfig cluster name (usually <see cref="Catalog.ClusterTopology.ClusterName"/>, <c>kubernetes</c>).</param>
    /// <param name="server">The API server URL, absolute <c>https://</c> (e.g. <c>https://127.0.0.1:6443</c> on a control-plane node, the load balancer elsewhere).</param>
    /// <param name="caPem">The cluster CA certificate as PEM text (not a path), embedded as <c>certificate-authority-data</c>.</param>
    /// <param name="scheduler">The scheduler client certificate with its key; CN <c>system:kube-scheduler</c>, the user of the default RBAC role of that name.</param>
    /// <returns>A one-cluster, one-user kubeconfig with context <c>default</c>; it embeds the private key: write it 0600.</returns>
    /// <exception cref="ArgumentNullException">The certificate is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clusterName"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException">The certificate has no private key, or its CN is not <c>system:kube-scheduler</c>, or <paramref name="server"/> is not an https:// URL.</exception>
    public static KubeconfigFile Scheduler(string clusterName, string server, string caPem, IssuedCertificate scheduler) =>
        ForClient(clusterName, server, caPem, Expect(scheduler, "system:kube-scheduler", "kube-scheduler"));

    /// <summary>The CoreDNS kubeconfig (any client certificate from the cluster CA, e.g. CN <c>system:coredns</c>).</summary>
    /// <param name="clusterName">The kubeconfig cluster name (usually <see cref="Catalog.ClusterTopology.ClusterName"/>, <c>kubernetes</c>).</param>
    /// <param name="server">The API server URL, absolute <c>https://</c> (e.g. <c>https://127.0.0.1:6443</c> on a control-plane node, the load balancer elsewhere).</param>
    /// <param name="caPem">The cluster CA certificate as PEM text (not a path), embedded as <c>certificate-authority-data</c>.</param>
    /// <param name="coredns">A client certificate from the cluster CA with its key (CN not checked; K8sBare issues <c>system:coredns</c>, which needs read RBAC on services, endpoints, pods and namespaces).</param>
    /// <returns>A one-cluster, one-user kubeconfig with context <c>default</c>; it embeds the private key: write it 0600.</returns>
    /// <exception cref="ArgumentNullException">The certificate is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clusterName"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException">The certificate has no private key, or <paramref name="server"/> is not an https:// URL.</exception>
    public static KubeconfigFile CoreDns(string clusterName, string server, string caPem, IssuedCertificate coredns) =>
        ForClient(clusterName, server, caPem, coredns);

    /// <summary>The flanneld kubeconfig for <c>--kube-subnet-mgr</c> (a client certificate from the cluster CA).</summary>
    /// <param name="clusterName">The kubeconfig cluster name (usually <see cref="Catalog.ClusterTopology.ClusterName"/>, <c>kubernetes</c>).</param>
    /// <param name="server">The API server URL, absolute <c>https://</c> (e.g. <c>https://127.0.0.1:6443</c> on a control-plane node, the load balancer elsewhere).</param>
    /// <param name="caPem">The cluster CA certificate as PEM text (not a path), embedded as <c>certificate-authority-data</c>.</param>
    /// <param name="flannel">A client certificate from the cluster CA with its key (CN not checked; K8sBare issues <c>system:flannel</c>, which needs RBAC to read nodes and patch their status).</param>
    /// <returns>A one-cluster, one-user kubeconfig with context <c>default</c>; it embeds the private key: write it 0600.</returns>
    /// <exception cref="ArgumentNullException">The certificate is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clusterName"/> or <paramref name="server"/> is null or empty.</exception>
    /// <exception cref="PkiException">The certificate has no private key, or <paramref name="server"/> is not an https:// URL.</exception>
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
