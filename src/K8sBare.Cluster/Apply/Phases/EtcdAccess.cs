using K8sBare.Etcd;
using K8sBare.Pki.Catalog;

namespace K8sBare.Cluster.Apply;

/// <summary>An etcd client for the cluster, authenticated with the etcdctl/health-check client certificate from the local PKI.</summary>
internal static class EtcdAccess
{
    public static IEtcdClient Create(ApplyRun run)
    {
        var ca = run.Pki.Authority(CertificateAuthorityId.Etcd).CertificatePem;
        var client = run.Pki.Certificate("etcd/healthcheck-client");
        var endpoints = run.Spec.EtcdNodes.Select(n => new Uri($"https://{Rendering.RenderContext.UrlHost(n.Address)}:2379")).ToList();
        return new EtcdClient(EtcdClientOptions.FromPem(endpoints, ca, client.CertificatePem, client.KeyPem()), run.Options.Logger);
    }
}
