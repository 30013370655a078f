using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>What KubernetesClientFactory refuses before any connection.</summary>
public sealed class KubernetesConnectionChecksTests
{
    [Fact]
    public void A_kubeconfig_that_skips_TLS_verification_is_refused()
    {
        const string yaml = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://10.0.0.10:6443", insecure-skip-tls-verify: true}
            users:
            - name: u
              user: {token: abc}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """;
        var ex = Assert.Throws<ArgumentException>(() => KubernetesClientFactory.FromKubeconfig(yaml));
        Assert.Contains("insecure-skip-tls-verify", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kubeconfig_without_a_CA_an_http_server_override_or_an_unknown_context_is_refused()
    {
        using var pki = new TempDirectory();
        var admin = (await ClusterRenderer.RenderAsync(SampleSpecs.Twenty(), pki.Path)).OperatorFiles["admin.kubeconfig"].Content;
        var noCa = string.Join('\n', admin.Split('\n').Where(l => !l.TrimStart().StartsWith("certificate-authority-data:", StringComparison.Ordinal)));
        Assert.Contains("certificate-authority", Assert.Throws<ArgumentException>(() => KubernetesClientFactory.FromKubeconfig(noCa)).Message, StringComparison.Ordinal);
        Assert.Contains("https", Assert.Throws<ArgumentException>(() =>
            KubernetesClientFactory.FromKubeconfig(admin, new KubernetesConnectionOptions { Server = new Uri("http://10.0.0.10:8080") })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => KubernetesClientFactory.FromKubeconfig(admin, new KubernetesConnectionOptions { Context = "nope" }));
        using var ok = KubernetesClientFactory.FromKubeconfig(admin);
        Assert.Equal("https://10.0.0.10:6443/", ok.BaseUri.ToString());
    }
}
