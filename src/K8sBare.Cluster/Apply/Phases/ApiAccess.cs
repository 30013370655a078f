using k8s;
using K8sBare.Cluster.Kubernetes;

namespace K8sBare.Cluster.Apply;

/// <summary>The Kubernetes API as the cluster admin (client certificate from the local PKI, cluster CA pinned).</summary>
internal static class ApiAccess
{
    public static Uri ServerFor(ApplyRun run, NodeSpec controlPlane) => Rendering.ClusterEndpoints.ApiServer(run.Spec, controlPlane);

    /// <summary>The official client on the rendered admin kubeconfig, pointed at <paramref name="controlPlane"/>'s apiserver.</summary>
    public static IKubernetes CreateClient(ApplyRun run, NodeSpec controlPlane) =>
        KubernetesClientFactory.FromKubeconfig(run.Pki.Kubeconfig(Pki.Catalog.CatalogEntryNames.Admin, ServerFor(run, controlPlane).OriginalString));

    /// <summary>The first control-plane host whose apiserver runs, or null.</summary>
    public static async Task<HostSession?> RunningApiServerAsync(ApplyRun run, CancellationToken ct)
    {
        foreach (var h in run.Hosts.Where(h => h.Node.IsControlPlane))
            if (await ServicesPhase.IsRunningAsync(h, "kube-apiserver", ct).ConfigureAwait(false)) return h;
        return null;
    }
}
