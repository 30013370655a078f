using K8sBare.Cluster.Artifacts;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;

namespace K8sBare.Cluster.Rendering;

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
        _ when entry.StartsWith(CatalogEntryNames.EtcdPrefix, StringComparison.Ordinal) => ClusterComponent.Etcd,
        _ when entry.StartsWith(CatalogEntryNames.KubeletPrefix, StringComparison.Ordinal) => ClusterComponent.Kubelet,
        CatalogEntryNames.ApiServer or CatalogEntryNames.ApiServerKubeletClient or CatalogEntryNames.ApiServerEtcdClient or CatalogEntryNames.FrontProxyCa
            or CatalogEntryNames.FrontProxyClient or CatalogEntryNames.ServiceAccount or CatalogEntryNames.Admin => ClusterComponent.KubeApiserver,
        CatalogEntryNames.ControllerManager => ClusterComponent.KubeControllerManager,
        CatalogEntryNames.Scheduler => ClusterComponent.KubeScheduler,
        CatalogEntryNames.KubeProxy => ClusterComponent.KubeProxy,
        CatalogEntryNames.CoreDns => ClusterComponent.CoreDns,
        CatalogEntryNames.FlannelEtcdClient or CatalogEntryNames.Flannel => ClusterComponent.Flannel,
        _ => ClusterComponent.Host,
    };
}
