namespace K8sBare.Units.Flags;

/// <summary>The components whose flags K8sBare renders.</summary>
public enum ComponentKind
{
    /// <summary>etcd.</summary>
    Etcd,
    /// <summary>kube-apiserver.</summary>
    KubeApiServer,
    /// <summary>kube-controller-manager.</summary>
    KubeControllerManager,
    /// <summary>kube-scheduler.</summary>
    KubeScheduler,
    /// <summary>kubelet.</summary>
    Kubelet,
    /// <summary>kube-proxy.</summary>
    KubeProxy,
    /// <summary>containerd.</summary>
    Containerd,
    /// <summary>flanneld.</summary>
    Flanneld,
    /// <summary>CoreDNS.</summary>
    CoreDns,
}
