namespace K8sBare.Pki.Catalog;

/// <summary>
/// The names of the cluster catalogue's entries (<see cref="CatalogEntry.Name"/>), the one home for them: the names
/// key the entries in the catalogue, the files in a <c>PkiStore</c> (<c>NAME.crt</c>, <c>NAME.key</c>) and the lookups
/// of <c>GeneratedPki.Certificate</c>/<c>Kubeconfig</c>. Names follow kubeadm's file names where kubeadm has one.
/// </summary>
public static class CatalogEntryNames
{
    /// <summary>The cluster CA.</summary>
    public const string ClusterCa = "ca";

    /// <summary>The etcd CA.</summary>
    public const string EtcdCa = EtcdPrefix + "ca";

    /// <summary>The front-proxy (aggregation layer) CA.</summary>
    public const string FrontProxyCa = "front-proxy-ca";

    /// <summary>kube-apiserver's serving certificate.</summary>
    public const string ApiServer = "apiserver";

    /// <summary>kube-apiserver's client certificate towards the kubelets.</summary>
    public const string ApiServerKubeletClient = "apiserver-kubelet-client";

    /// <summary>kube-apiserver's client certificate towards etcd.</summary>
    public const string ApiServerEtcdClient = "apiserver-etcd-client";

    /// <summary>The aggregation layer's client certificate.</summary>
    public const string FrontProxyClient = "front-proxy-client";

    /// <summary>The service-account signing key pair.</summary>
    public const string ServiceAccount = "sa";

    /// <summary>kube-controller-manager's API client (kubeconfig).</summary>
    public const string ControllerManager = "controller-manager";

    /// <summary>kube-scheduler's API client (kubeconfig).</summary>
    public const string Scheduler = "scheduler";

    /// <summary>The cluster administrator (kubeconfig).</summary>
    public const string Admin = "admin";

    /// <summary>The etcd health-check / etcdctl client on the members.</summary>
    public const string EtcdHealthcheckClient = EtcdPrefix + "healthcheck-client";

    /// <summary>etcd's administrator (CN <c>root</c>), kept in the local store only.</summary>
    public const string EtcdAdminClient = EtcdPrefix + "admin-client";

    /// <summary>kube-proxy's API client (kubeconfig).</summary>
    public const string KubeProxy = "kube-proxy";

    /// <summary>CoreDNS's API client (kubeconfig).</summary>
    public const string CoreDns = "coredns";

    /// <summary>flanneld's etcd client.</summary>
    public const string FlannelEtcdClient = "flannel-etcd-client";

    /// <summary>flanneld's API client (kubeconfig, kube subnet manager).</summary>
    public const string Flannel = "flannel";

    /// <summary>The prefix of every etcd entry (CA, members, clients).</summary>
    public const string EtcdPrefix = "etcd/";

    /// <summary>The prefix of every kubelet entry.</summary>
    public const string KubeletPrefix = "kubelet/";

    /// <summary>An etcd member's server certificate: <c>etcd/server-NODE</c>.</summary>
    /// <param name="node">The member's node name.</param>
    public static string EtcdServer(string node) => $"{EtcdPrefix}server-{node}";

    /// <summary>An etcd member's peer certificate: <c>etcd/peer-NODE</c>.</summary>
    /// <param name="node">The member's node name.</param>
    public static string EtcdPeer(string node) => $"{EtcdPrefix}peer-{node}";

    /// <summary>A node's kubelet certificate: <c>kubelet/NODE</c>.</summary>
    /// <param name="node">The node name.</param>
    public static string Kubelet(string node) => KubeletPrefix + node;
}
