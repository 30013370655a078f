using K8sBare.Etcd;
using K8sBare.Pki.Catalog;

namespace K8sBare.Cluster.Apply;

/// <summary>etcd clients for the cluster, authenticated with client certificates from the local PKI, and its auth policy.</summary>
internal static class EtcdAccess
{
    /// <summary>The health-check identity (etcd user with no key permissions once auth is on).</summary>
    public static IEtcdClient Create(ApplyRun run) => Create(run, CatalogEntryNames.EtcdHealthcheckClient);

    /// <summary>etcd's administrator (CN <c>root</c>): auth, membership and flannel-config changes.</summary>
    public static IEtcdClient CreateAdmin(ApplyRun run) => Create(run, CatalogEntryNames.EtcdAdminClient);

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

    private static IEtcdClient Create(ApplyRun run, string certificate)
    {
        var ca = run.Pki.Authority(CertificateAuthorityId.Etcd).CertificatePem;
        var client = run.Pki.Certificate(certificate);
        var endpoints = Rendering.ClusterEndpoints.EtcdClients(run.Spec);
        return new EtcdClient(EtcdClientOptions.FromPem(endpoints, ca, client.CertificatePem, client.KeyPem()), run.Options.Logger);
    }
}
