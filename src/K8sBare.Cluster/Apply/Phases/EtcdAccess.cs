using K8sBare.Etcd;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>etcd clients for the cluster, authenticated with client certificates from the local PKI, and its auth policy.</summary>
internal static class EtcdAccess
{
    /// <summary>The health-check identity (etcd user with no key permissions once auth is on).</summary>
    public static IEtcdClient Create(ApplyRun run) => Create(run, "etcd/healthcheck-client");

    /// <summary>etcd's administrator (CN <c>root</c>): auth, membership and flannel-config changes.</summary>
    public static IEtcdClient CreateAdmin(ApplyRun run) => Create(run, "etcd/admin-client");

    /// <summary>
    /// Least privilege, users named by the catalogue's certificate CNs: the API server reads and writes every key,
    /// flannel only its prefix, the health check nothing, root administers (K8sBare.Etcd's <see cref="EtcdAuthPolicy.ForKubernetes"/>).
    /// </summary>
    public static EtcdAuthPolicy Policy(ApplyRun run) => EtcdAuthPolicy.ForKubernetes(
        CommonName(run, "apiserver-etcd-client")!,
        CommonName(run, "flannel-etcd-client"),
        CommonName(run, "etcd/healthcheck-client"),
        run.Spec.Flannel.EtcdPrefix);

    private static string? CommonName(ApplyRun run, string entry) =>
        run.Pki.Catalog.Entries.FirstOrDefault(e => e.Name == entry)?.Certificate?.CommonName;

    private static IEtcdClient Create(ApplyRun run, string certificate) => Create(run.Spec, run.Pki, certificate, run.Options.Logger);

    /// <summary>An etcd client to the spec's etcd members authenticated with a certificate of the local PKI (by catalogue entry).</summary>
    public static IEtcdClient Create(ClusterSpec spec, GeneratedPki pki, string certificate, ILogger? logger)
    {
        var ca = pki.Authority(CertificateAuthorityId.Etcd).CertificatePem;
        var client = pki.Certificate(certificate);
        return new EtcdClient(EtcdClientOptions.FromPem(ClientUrls(spec), ca, client.CertificatePem, client.KeyPem()), logger);
    }

    /// <summary>The etcd members' client URLs (port 2379, as rendered).</summary>
    public static IReadOnlyList<Uri> ClientUrls(ClusterSpec spec) =>
        spec.EtcdNodes.Select(n => new Uri($"https://{Rendering.RenderContext.UrlHost(n.Address)}:2379")).ToList();
}
