using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;

namespace K8sBare.Pki.Catalog;

/// <summary>Choices that shape the catalogue (key type, validity, layout, where sensitive keys may go).</summary>
public sealed record CertificateCatalogOptions
{
    /// <summary>Key type of every leaf and of the service-account key.</summary>
    public KeyAlgorithm KeyAlgorithm { get; init; } = KeyAlgorithm.Rsa2048;

    /// <summary>Key type of the three CAs; null means <see cref="KeyAlgorithm"/>.</summary>
    public KeyAlgorithm? CaKeyAlgorithm { get; init; }

    /// <summary>Leaf validity (kubeadm: one year).</summary>
    public TimeSpan LeafValidity { get; init; } = CertificateSpec.DefaultValidity;

    /// <summary>CA validity (kubeadm: ten years).</summary>
    public TimeSpan CaValidity { get; init; } = CertificateAuthoritySpec.DefaultValidity;

    /// <summary>Host paths.</summary>
    public PkiLayout Layout { get; init; } = new();

    /// <summary>
    /// Place the cluster CA private key on control-plane nodes, as kube-controller-manager's
    /// <c>--cluster-signing-key-file</c> needs (CSR signing, kubelet serving-cert rotation). Default true.
    /// No other CA key is ever placed on a host; workers never receive any CA key.
    /// </summary>
    public bool ClusterCaKeyOnControlPlane { get; init; } = true;

    /// <summary>Control-plane nodes also run kubelet, kube-proxy, flannel and CoreDNS (they get node credentials too).</summary>
    public bool KubeletOnControlPlane { get; init; }

    /// <summary>Place <c>admin.kubeconfig</c> on control-plane nodes (server 127.0.0.1). Default true.</summary>
    public bool AdminKubeconfigOnControlPlane { get; init; } = true;

    /// <summary>The admin certificate's group (default <c>system:masters</c>, bound to cluster-admin).</summary>
    public string AdminOrganization { get; init; } = "system:masters";

    /// <summary>
    /// The group of the apiserver's kubelet-client certificate. Default null: no group, so RBAC alone decides what the
    /// apiserver may do on kubelets (the ClusterRoleBinding of its CN, <c>kube-apiserver-kubelet-client</c>, to
    /// <c>system:kube-apiserver-to-kubelet</c>, which K8sBare.Units renders). Never <c>system:masters</c>: that group
    /// bypasses RBAC and cannot be limited or revoked (kubeadm dropped it too, for <c>kubeadm:cluster-admins</c>).
    /// </summary>
    public string? ApiServerKubeletClientOrganization { get; init; }

    /// <summary>Include the etcdctl / health-check client certificate (placed on etcd members). Default true.</summary>
    public bool EtcdctlClient { get; init; } = true;

    /// <summary>Which credentials flanneld gets.</summary>
    public FlannelDatastore FlannelDatastore { get; init; } = FlannelDatastore.Etcd;

    /// <summary>Private key PEM format for files and kubeconfigs.</summary>
    public PrivateKeyFormat PrivateKeyFormat { get; init; } = PrivateKeyFormat.Pkcs8;

    /// <summary>
    /// Subject fields beyond CN and O put on every CA and leaf of the catalogue (cfssl's CSR <c>names</c>): country (C, two
    /// letters), state or province (ST), locality (L) and organizational unit (OU). Null: none. O is never set from here —
    /// Kubernetes reads a client certificate's O as its groups.
    /// </summary>
    public string? Country { get; init; }

    /// <summary>State or province (ST) on every CA and leaf; null: none. See <see cref="Country"/>.</summary>
    public string? Province { get; init; }

    /// <summary>Locality (L) on every CA and leaf; null: none. See <see cref="Country"/>.</summary>
    public string? Locality { get; init; }

    /// <summary>Organizational unit (OU) on every CA and leaf; null: none. See <see cref="Country"/>.</summary>
    public string? OrganizationalUnit { get; init; }

    /// <summary>When reusing a store, re-issue certificates that expire within this window (default 30 days).</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(30);
}
