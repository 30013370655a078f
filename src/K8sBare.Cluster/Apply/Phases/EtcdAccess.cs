using K8sBare.Etcd;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>etcd clients for the cluster, authenticated with client certificates from the local PKI, and its auth policy.</summary>
internal static class EtcdAccess
{
    /// <summary>The health-check identity (etcd user with no key permissions once auth is on).</summary>
    public static IEtcdClient Create(ApplyRun run) => Create(run, CatalogEntryNames.EtcdHealthcheckClient);

    /// <summary>etcd's administrator (CN <c>root</c>): auth, membership and flannel-config changes.</summary>
    public static IEtcdClient CreateAdmin(ApplyRun run) => Create(run, CatalogEntryNames.EtcdAdminClient);

    /// <summary>etcd's administrator talking only to <paramref name="endpoints"/> (for example the members that run, while others join).</summary>
    public static IEtcdClient CreateAdmin(ApplyRun run, IReadOnlyList<Uri> endpoints) => Create(run, CatalogEntryNames.EtcdAdminClient, endpoints);

    /// <summary>The client URL of every spec etcd node, in spec order.</summary>
    public static IReadOnlyList<Uri> Endpoints(ClusterSpec spec) => Rendering.ClusterEndpoints.EtcdClients(spec);

    /// <summary>
    /// Least privilege, users named by the catalogue's certificate CNs: the API server reads and writes every key,
    /// flannel only its prefix, the health check nothing, root administers (K8sBare.Etcd's <see cref="EtcdAuthPolicy.ForKubernetes"/>).
    /// </summary>
    public static EtcdAuthPolicy Policy(ApplyRun run) => EtcdAuthPolicy.ForKubernetes(
        CommonName(run, CatalogEntryNames.ApiServerEtcdClient)!,
        CommonName(run, CatalogEntryNames.FlannelEtcdClient),
        CommonName(run, CatalogEntryNames.EtcdHealthcheckClient),
        run.Spec.Flannel.EtcdPrefix);

    private static string? CommonName(ApplyRun run, string entry) =>
        run.Pki.Catalog.Entries.FirstOrDefault(e => e.Name == entry)?.Certificate?.CommonName;

    /// <summary>etcd's administrator from a loaded PKI, talking only to <paramref name="endpoints"/> (day-2 operations outside an apply).</summary>
    public static IEtcdClient CreateAdmin(GeneratedPki pki, IReadOnlyList<Uri> endpoints, ILogger? logger) =>
        Create(pki, CatalogEntryNames.EtcdAdminClient, endpoints, logger);

    private static IEtcdClient Create(ApplyRun run, string certificate, IReadOnlyList<Uri>? endpoints = null) =>
        Create(run.Pki, certificate, endpoints ?? Endpoints(run.Spec), run.Options.Logger);

    private static IEtcdClient Create(GeneratedPki pki, string certificate, IReadOnlyList<Uri> endpoints, ILogger? logger)
    {
        var ca = pki.Authority(CertificateAuthorityId.Etcd).CertificatePem;
        var client = pki.Certificate(certificate);
        return new EtcdClient(EtcdClientOptions.FromPem(endpoints, ca, client.CertificatePem, client.KeyPem()), logger);
    }
}
