namespace K8sBare.Pki.Catalog;

/// <summary>
/// Where each PKI file lands on the hosts. The defaults mirror the original write-up: everything Kubernetes
/// needs under <c>/var/lib/kubernetes/</c> (<c>ca.pem</c>, <c>kubernetes.pem</c> for the apiserver, per-component
/// kubeconfig folders), kubelet serving cert/key under <c>/var/lib/kubelet/</c>, and etcd's own files under
/// <c>/etc/etcd/</c> (separate from Kubernetes' files, as the write-up recommends). <c>{node}</c> in a path is
/// replaced by the node name.
/// </summary>
public sealed record PkiLayout
{
    /// <summary>Cluster CA certificate (every host).</summary>
    public string ClusterCaCertificate { get; init; } = "/var/lib/kubernetes/ca.pem";

    /// <summary>Cluster CA key (control plane only, for <c>--cluster-signing-key-file</c>, when enabled).</summary>
    public string ClusterCaKey { get; init; } = "/var/lib/kubernetes/ca-key.pem";

    /// <summary>apiserver serving certificate.</summary>
    public string ApiServerCertificate { get; init; } = "/var/lib/kubernetes/kubernetes.pem";

    /// <summary>apiserver serving key.</summary>
    public string ApiServerKey { get; init; } = "/var/lib/kubernetes/kubernetes-key.pem";

    /// <summary>apiserver → kubelet client certificate.</summary>
    public string ApiServerKubeletClientCertificate { get; init; } = "/var/lib/kubernetes/apiserver-kubelet-client.pem";

    /// <summary>apiserver → kubelet client key.</summary>
    public string ApiServerKubeletClientKey { get; init; } = "/var/lib/kubernetes/apiserver-kubelet-client-key.pem";

    /// <summary>apiserver → etcd client certificate.</summary>
    public string ApiServerEtcdClientCertificate { get; init; } = "/var/lib/kubernetes/apiserver-etcd-client.pem";

    /// <summary>apiserver → etcd client key.</summary>
    public string ApiServerEtcdClientKey { get; init; } = "/var/lib/kubernetes/apiserver-etcd-client-key.pem";

    /// <summary>The etcd CA certificate as Kubernetes-side etcd clients (apiserver, flannel) see it.</summary>
    public string EtcdCaCertificateForClients { get; init; } = "/var/lib/kubernetes/etcd-ca.pem";

    /// <summary>Front-proxy CA certificate (<c>--requestheader-client-ca-file</c>).</summary>
    public string FrontProxyCaCertificate { get; init; } = "/var/lib/kubernetes/front-proxy-ca.pem";

    /// <summary>Front-proxy client certificate (<c>--proxy-client-cert-file</c>).</summary>
    public string FrontProxyClientCertificate { get; init; } = "/var/lib/kubernetes/front-proxy-client.pem";

    /// <summary>Front-proxy client key.</summary>
    public string FrontProxyClientKey { get; init; } = "/var/lib/kubernetes/front-proxy-client-key.pem";

    /// <summary>Service-account public key (<c>--service-account-key-file</c>; PEM <c>PUBLIC KEY</c>).</summary>
    public string ServiceAccountPublicKey { get; init; } = "/var/lib/kubernetes/service-account.pem";

    /// <summary>Service-account private key (<c>--service-account-signing-key-file</c>, <c>--service-account-private-key-file</c>).</summary>
    public string ServiceAccountPrivateKey { get; init; } = "/var/lib/kubernetes/service-account-key.pem";

    /// <summary>kube-controller-manager kubeconfig.</summary>
    public string ControllerManagerKubeconfig { get; init; } = "/var/lib/kubernetes/kube-controller-manager.kubeconfig";

    /// <summary>kube-scheduler kubeconfig.</summary>
    public string SchedulerKubeconfig { get; init; } = "/var/lib/kubernetes/kube-scheduler/kube-scheduler.kubeconfig";

    /// <summary>Admin kubeconfig on control-plane nodes (when placed).</summary>
    public string AdminKubeconfig { get; init; } = "/var/lib/kubernetes/admin.kubeconfig";

    /// <summary>Kubelet serving/client certificate.</summary>
    public string KubeletCertificate { get; init; } = "/var/lib/kubelet/{node}.pem";

    /// <summary>Kubelet key.</summary>
    public string KubeletKey { get; init; } = "/var/lib/kubelet/{node}-key.pem";

    /// <summary>Kubelet kubeconfig.</summary>
    public string KubeletKubeconfig { get; init; } = "/var/lib/kubernetes/kubelet/{node}.kubeconfig";

    /// <summary>kube-proxy kubeconfig.</summary>
    public string KubeProxyKubeconfig { get; init; } = "/var/lib/kubernetes/kube-proxy/kube-proxy.kubeconfig";

    /// <summary>CoreDNS kubeconfig (CoreDNS runs as a host service on the workers).</summary>
    public string CoreDnsKubeconfig { get; init; } = "/var/lib/kubernetes/coredns/coredns.kubeconfig";

    /// <summary>flanneld etcd client certificate.</summary>
    public string FlannelEtcdClientCertificate { get; init; } = "/var/lib/kubernetes/flanneld/flanneld-etcd.pem";

    /// <summary>flanneld etcd client key.</summary>
    public string FlannelEtcdClientKey { get; init; } = "/var/lib/kubernetes/flanneld/flanneld-etcd-key.pem";

    /// <summary>flanneld kubeconfig (only with the Kubernetes-API datastore).</summary>
    public string FlannelKubeconfig { get; init; } = "/var/lib/kubernetes/flanneld/flanneld.kubeconfig";

    /// <summary>etcd CA certificate on etcd members (<c>--trusted-ca-file</c>, <c>--peer-trusted-ca-file</c>).</summary>
    public string EtcdCaCertificate { get; init; } = "/etc/etcd/ca.pem";

    /// <summary>etcd server certificate (<c>--cert-file</c>).</summary>
    public string EtcdServerCertificate { get; init; } = "/etc/etcd/server.pem";

    /// <summary>etcd server key (<c>--key-file</c>).</summary>
    public string EtcdServerKey { get; init; } = "/etc/etcd/server-key.pem";

    /// <summary>etcd peer certificate (<c>--peer-cert-file</c>).</summary>
    public string EtcdPeerCertificate { get; init; } = "/etc/etcd/peer.pem";

    /// <summary>etcd peer key (<c>--peer-key-file</c>).</summary>
    public string EtcdPeerKey { get; init; } = "/etc/etcd/peer-key.pem";

    /// <summary>etcdctl / health-check client certificate on etcd members.</summary>
    public string EtcdctlClientCertificate { get; init; } = "/etc/etcd/etcdctl.pem";

    /// <summary>etcdctl / health-check client key on etcd members.</summary>
    public string EtcdctlClientKey { get; init; } = "/etc/etcd/etcdctl-key.pem";

    /// <summary>Owner of every file outside <c>/etc/etcd</c> (default <c>root</c>).</summary>
    public string Owner { get; init; } = "root";

    /// <summary>
    /// Owner of the etcd member's files (default <c>root</c>, for an etcd unit running as root; set <c>etcd:etcd</c>
    /// when etcd runs as the Debian package's <c>etcd</c> user, which must read its 0600 keys).
    /// </summary>
    public string EtcdOwner { get; init; } = "root";

    /// <summary>Replaces <c>{node}</c> in a layout path.</summary>
    /// <param name="template">An absolute host path from this layout, possibly containing <c>{node}</c> (e.g. <see cref="KubeletCertificate"/>).</param>
    /// <param name="node">The node name to substitute (a <see cref="TopologyNode.Name"/>).</param>
    /// <returns>The path with every <c>{node}</c> replaced; unchanged when it has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
    /// <exception cref="PkiException">The template holds <c>{node}</c> and <paramref name="node"/> is not one plain path segment
    /// (empty, <c>.</c>, <c>..</c>, or with <c>/</c>, <c>\</c> or a control character), which could move the path elsewhere on the host.</exception>
    public static string ForNode(string template, string node)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!template.Contains("{node}", StringComparison.Ordinal)) return template;
        if (StoreNames.SegmentProblem(node) is { } problem)
            throw new PkiException($"node name '{StoreNames.Printable(node)}' cannot go into the host path {template}: {problem}.");
        return template.Replace("{node}", node, StringComparison.Ordinal);
    }
}
