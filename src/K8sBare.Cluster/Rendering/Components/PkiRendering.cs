using K8sBare.Cluster.Artifacts;
using K8sBare.Pki.Generation;

namespace K8sBare.Cluster.Rendering.Components;

/// <summary>Places the generated PKI's files on each host (K8sBare.Pki decides what goes where).</summary>
internal static class PkiRendering
{
    public static void Add(GeneratedPki pki, HostArtifactsBuilder host)
    {
        foreach (var f in pki.FilesFor(host.Node.Name))
        {
            host.AddFile(new ArtifactFile
            {
                Path = f.Path,
                Content = f.Content,
                Mode = f.Mode,
                Component = ComponentOf(f.EntryName),
                Kind = ArtifactKind.Pki,
            });
        }
    }

    private static ClusterComponent ComponentOf(string entry) => entry switch
    {
        _ when entry.StartsWith("etcd/", StringComparison.Ordinal) => ClusterComponent.Etcd,
        _ when entry.StartsWith("kubelet/", StringComparison.Ordinal) => ClusterComponent.Kubelet,
        "apiserver" or "apiserver-kubelet-client" or "apiserver-etcd-client" or "front-proxy-ca" or "front-proxy-client" or "sa" or "admin" => ClusterComponent.KubeApiserver,
        "controller-manager" => ClusterComponent.KubeControllerManager,
        "scheduler" => ClusterComponent.KubeScheduler,
        "kube-proxy" => ClusterComponent.KubeProxy,
        "coredns" => ClusterComponent.CoreDns,
        "flannel-etcd-client" or "flannel" => ClusterComponent.Flannel,
        _ => ClusterComponent.Host,
    };
}
