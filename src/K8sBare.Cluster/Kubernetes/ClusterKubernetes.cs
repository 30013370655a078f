using k8s;
using K8sBare.Cluster.Rendering;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>The official Kubernetes client for a cluster K8sBare built: the admin identity from the cluster's local PKI store.</summary>
public static class ClusterKubernetes
{
    /// <summary>
    /// Builds an <see cref="IKubernetes"/> as the cluster admin: the admin kubeconfig rendered from the PKI store that
    /// render/apply used (the same file <c>render --out DIR</c> writes as <c>DIR/admin.kubeconfig</c>), pointing at the
    /// spec's API endpoint unless <paramref name="options"/> overrides the server. Nothing is contacted yet.
    /// </summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="pkiDirectory">The local PKI store of the cluster (it must hold the cluster CA: a new CA would not match the running cluster).</param>
    /// <param name="options">Server override, timeout; null for the defaults.</param>
    /// <param name="logger">Optional logger for loading the PKI.</param>
    /// <param name="cancellationToken">Cancels loading the PKI.</param>
    /// <exception cref="DirectoryNotFoundException">The store does not hold the cluster CA (<c>ca.crt</c>); the fix names the store to point to.</exception>
    /// <exception cref="Validation.ClusterValidationException">The spec has errors.</exception>
    public static async Task<IKubernetes> ConnectAsync(ClusterSpec spec, string pkiDirectory, KubernetesConnectionOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(pkiDirectory);
        if (!File.Exists(Path.Combine(pkiDirectory, "ca.crt")))
            throw new DirectoryNotFoundException(
                $"No cluster CA (ca.crt) in the PKI store '{pkiDirectory}'. Point to the store the cluster was rendered or applied with (K8sBareOptions.PkiDirectory, --pki); a new CA would not match the running cluster.");
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, pkiDirectory, logger, cancellationToken).ConfigureAwait(false);
        return KubernetesClientFactory.FromKubeconfig(pki.Kubeconfig(Pki.Catalog.CatalogEntryNames.Admin), options);
    }
}
