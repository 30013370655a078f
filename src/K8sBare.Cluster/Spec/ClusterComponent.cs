namespace K8sBare.Cluster;

/// <summary>The components K8sBare installs.</summary>
public enum ClusterComponent
{
    /// <summary>etcd.</summary>
    Etcd,

    /// <summary>kube-apiserver.</summary>
    KubeApiserver,

    /// <summary>kube-controller-manager.</summary>
    KubeControllerManager,

    /// <summary>kube-scheduler.</summary>
    KubeScheduler,

    /// <summary>containerd with runc.</summary>
    Containerd,

    /// <summary>The CNI plugins (bridge, host-local, loopback, portmap, flannel).</summary>
    Cni,

    /// <summary>flanneld.</summary>
    Flannel,

    /// <summary>CoreDNS as a host service.</summary>
    CoreDns,

    /// <summary>kubelet.</summary>
    Kubelet,

    /// <summary>kube-proxy.</summary>
    KubeProxy,

    /// <summary>The API endpoint helpers (local proxy, keepalived).</summary>
    ApiEndpoint,

    /// <summary>Host preparation (sysctls, modules).</summary>
    Host,
}
