using K8sBare.Cluster.Artifacts;
using K8sBare.Units.Components;
using K8sBare.Units.Formats;

namespace K8sBare.Cluster.Rendering;

/// <summary>
/// The objects the rbac phase creates through the API: apiserver→kubelet and CoreDNS RBAC (rendered by
/// K8sBare.Units) and, for CoreDNS running as a host service, a selector-less <c>kube-dns</c> Service at
/// the DNS service IP whose Endpoints are the CoreDNS hosts (components.md §9). They are also placed on
/// the first control-plane node under <c>/etc/kubernetes/manifests/rbac/</c> for <c>kubectl apply</c>.
/// </summary>
internal static class ClusterResourcesRendering
{
    public const string Folder = "/etc/kubernetes/manifests/rbac";

    public static IReadOnlyList<ArtifactFile> Render(ClusterSpec spec)
    {
        var files = new List<ArtifactFile>
        {
            RenderContext.ToArtifact(RbacManifests.ApiServerToKubelet("kube-apiserver-kubelet-client", $"{Folder}/kube-apiserver-to-kubelet.yaml"), ClusterComponent.KubeApiserver, ArtifactKind.Config),
        };
        var dnsHosts = ComponentPlacement.NodesRunning(spec, ClusterComponent.CoreDns);
        if (dnsHosts.Count > 0)
        {
            files.Add(RenderContext.ToArtifact(RbacManifests.CoreDns("system:coredns", $"{Folder}/coredns.yaml"), ClusterComponent.CoreDns, ArtifactKind.Config));
            files.Add(new ArtifactFile
            {
                Path = $"{Folder}/kube-dns-service.yaml",
                Content = KubeDnsService(spec, dnsHosts),
                Component = ClusterComponent.CoreDns,
            });
        }

        return files;
    }

    private static string KubeDnsService(ClusterSpec spec, IReadOnlyList<NodeSpec> hosts)
    {
        var labels = new YamlMap { { "k8s-app", "kube-dns" }, { "kubernetes.io/name", "CoreDNS" } };
        var service = new YamlMap
        {
            { "apiVersion", "v1" },
            { "kind", "Service" },
            { "metadata", new YamlMap { { "name", "kube-dns" }, { "namespace", "kube-system" }, { "labels", labels } } },
            {
                "spec", new YamlMap
                {
                    { "clusterIP", spec.Network.DnsServiceIp },
                    { "ports", new[] { Port("dns", "UDP"), Port("dns-tcp", "TCP") } },
                }
            },
        };
        var endpoints = new YamlMap
        {
            { "apiVersion", "v1" },
            { "kind", "Endpoints" },
            { "metadata", new YamlMap { { "name", "kube-dns" }, { "namespace", "kube-system" }, { "labels", labels } } },
            {
                "subsets", new[]
                {
                    new YamlMap
                    {
                        { "addresses", hosts.Select(h => new YamlMap { { "ip", h.Address }, { "nodeName", h.Name } }).ToArray() },
                        { "ports", new[] { Port("dns", "UDP"), Port("dns-tcp", "TCP") } },
                    },
                }
            },
        };
        return YamlEmitter.EmitDocuments([service, endpoints]);
    }

    private static YamlMap Port(string name, string protocol) => new() { { "name", name }, { "port", 53 }, { "protocol", protocol } };
}
