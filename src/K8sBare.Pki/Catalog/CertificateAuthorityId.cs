namespace K8sBare.Pki.Catalog;

/// <summary>The three CAs of a cluster.</summary>
public enum CertificateAuthorityId
{
    /// <summary>The cluster CA (CN <c>kubernetes</c>): apiserver, kubelets, every API client.</summary>
    Cluster,

    /// <summary>The etcd CA (CN <c>etcd-ca</c>): etcd server/peer and etcd clients (apiserver, flannel, etcdctl).</summary>
    Etcd,

    /// <summary>The front-proxy (aggregation layer) CA (CN <c>front-proxy-ca</c>).</summary>
    FrontProxy,
}
