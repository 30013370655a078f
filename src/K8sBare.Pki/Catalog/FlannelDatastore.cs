namespace K8sBare.Pki.Catalog;

/// <summary>Where flanneld keeps its subnet leases, which decides its credentials.</summary>
public enum FlannelDatastore
{
    /// <summary>etcd v3 (the write-up's setup): flanneld gets an etcd client certificate from the etcd CA.</summary>
    Etcd,

    /// <summary><c>--kube-subnet-mgr</c>: flanneld gets an API client certificate and a kubeconfig.</summary>
    KubernetesApi,
}
