using K8sBare.Cluster.Kubernetes;
using K8sBare.Pki.Catalog;

namespace K8sBare.Cluster.Apply;

/// <summary>The Kubernetes API as the cluster admin (client certificate from the local PKI, cluster CA pinned).</summary>
internal static class ApiAccess
{
    public static Uri ServerFor(ApplyRun run, NodeSpec controlPlane) =>
        new($"https://{Rendering.RenderContext.UrlHost(controlPlane.Address)}:{run.Spec.ApiEndpoint.Port}");

    public static KubernetesClient CreateClient(ApplyRun run, NodeSpec controlPlane)
    {
        var admin = run.Pki.Certificate("admin");
        var options = KubernetesClientOptions.FromPem(ServerFor(run, controlPlane), run.Pki.Authority(CertificateAuthorityId.Cluster).CertificatePem,
            admin.CertificatePem, admin.KeyPem());
        return new KubernetesClient(options, run.Options.Logger);
    }

    /// <summary>The first control-plane host whose apiserver runs, or null.</summary>
    public static async Task<HostSession?> RunningApiServerAsync(ApplyRun run, CancellationToken ct)
    {
        foreach (var h in run.Hosts.Where(h => h.Node.IsControlPlane))
            if (await ServicesPhase.IsRunningAsync(h, "kube-apiserver", ct).ConfigureAwait(false)) return h;
        return null;
    }
}
