namespace K8sBare.Cluster.Operations;

/// <summary>
/// What a node's running Kubernetes leaves on it that no rendered file names, removed by a reset (kubeadm reset's list,
/// plus the network state it leaves to the operator): the containers the kubelet started, the mounts under the
/// kubelet's root, the pod network's interfaces, routes and IPAM state, and kube-proxy's iptables/IPVS rules.
/// Computed from the spec (the same defaults the render uses); empty on a node that runs no kubelet.
/// </summary>
public sealed record NodeRuntimeCleanup
{
    /// <summary>
    /// containerd namespace whose tasks and containers (with their snapshots) are removed through <c>ctr</c> while
    /// containerd still runs, after the kubelet stopped (the CRI plugin's namespace, <c>k8s.io</c>); null when the
    /// node runs no containerd. Images stay (containerd's content store is not K8sBare's).
    /// </summary>
    public string? ContainerNamespace { get; init; }

    /// <summary>The kubelet's root directory, removed with its contents after every mount under it (pod volumes, projected secrets) is unmounted (kubeadm reset removes it too); null without a kubelet.</summary>
    public string? KubeletRoot { get; init; }

    /// <summary>Network interfaces deleted when present: the CNI bridge (<c>cni0</c>) and flannel's device (<c>flannel.VNI</c> for vxlan, <c>flannel-wg</c> for wireguard).</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>Routes deleted when present (static-routes pod network): each other worker's pod range via its address, as <c>(Range, Via)</c>.</summary>
    public IReadOnlyList<(string Range, string Via)> Routes { get; init; } = [];

    /// <summary>
    /// CNI state removed: host-local IPAM leases of the cluster's network (<c>/var/lib/cni/networks/NAME</c>), libcni's
    /// cached results for it (<c>/var/lib/cni/results/NAME-*</c>), and flannel's (<c>/var/lib/cni/flannel</c>). Other
    /// networks' state under <c>/var/lib/cni</c> stays.
    /// </summary>
    public IReadOnlyList<string> CniState { get; init; } = [];

    /// <summary>The CNI network name (the conflist's <c>name</c>), whose network namespaces (<c>/run/netns/cni-*</c>) and cached results are removed; null without a kubelet.</summary>
    public string? CniNetwork { get; init; }

    /// <summary>The kube-proxy binary run with <c>--cleanup</c> (removes its iptables and IPVS rules) after the service stopped and before the binary is removed; null without kube-proxy.</summary>
    public string? KubeProxyBinary { get; init; }

    /// <summary>True when there is nothing to clean.</summary>
    public bool IsEmpty => ContainerNamespace is null && KubeletRoot is null && Interfaces.Count == 0 && Routes.Count == 0 && CniState.Count == 0 && KubeProxyBinary is null;
}
