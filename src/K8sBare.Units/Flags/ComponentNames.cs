namespace K8sBare.Units.Flags;

/// <summary>Binary and service names of the components.</summary>
public static class ComponentNames
{
    /// <summary>The binary / service name, e.g. <c>kube-apiserver</c>.</summary>
    /// <param name="component">The component.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not a defined <see cref="ComponentKind"/>.</exception>
    public static string Binary(ComponentKind component) => component switch
    {
        ComponentKind.Etcd => "etcd",
        ComponentKind.KubeApiServer => "kube-apiserver",
        ComponentKind.KubeControllerManager => "kube-controller-manager",
        ComponentKind.KubeScheduler => "kube-scheduler",
        ComponentKind.Kubelet => "kubelet",
        ComponentKind.KubeProxy => "kube-proxy",
        ComponentKind.Containerd => "containerd",
        ComponentKind.Flanneld => "flanneld",
        ComponentKind.CoreDns => "coredns",
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "unknown component"),
    };
}
