namespace K8sBare.Cluster.Apply;

/// <summary>The named phases of an apply, in the order they run (like kubeadm's phases).</summary>
public enum ApplyPhase
{
    /// <summary>Gather facts and check them: init system, architecture, swap, ip_forward, ports (53 on CoreDNS hosts).</summary>
    Preflight,

    /// <summary>Persist ip_forward and bridge sysctls, load overlay/br_netfilter, turn swap off and keep it off.</summary>
    Prepare,

    /// <summary>Place certificates, keys and kubeconfigs (generated in the local PKI store).</summary>
    Pki,

    /// <summary>Upload (or link) binaries from their sources.</summary>
    Binaries,

    /// <summary>Write component configs and service units/scripts.</summary>
    Files,

    /// <summary>Enable and start etcd, wait until every member is healthy.</summary>
    Etcd,

    /// <summary>Write flannel's network config into etcd.</summary>
    Network,

    /// <summary>Enable and start kube-apiserver, controller-manager and scheduler; wait for the API.</summary>
    ControlPlane,

    /// <summary>Create the RBAC objects and the kube-dns Service through the API.</summary>
    Rbac,

    /// <summary>Enable and start containerd, flanneld, kubelet, kube-proxy and CoreDNS.</summary>
    Workers,

    /// <summary>Check that every worker registered and is Ready.</summary>
    Verify,
}
