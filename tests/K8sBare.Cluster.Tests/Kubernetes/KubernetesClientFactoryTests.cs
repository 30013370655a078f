using System.Security.Authentication;
using k8s;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Tests.Support.ApiServer;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>The official client built from K8sBare's rendered kubeconfig, against a real kube-apiserver 1.20.2: the cluster CA pinned, names checked.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class KubernetesClientFactoryTests(ApiServerFixture fixture)
{
    [RequiresFact("etcd", Root = true)]
    public async Task The_rendered_admin_kubeconfig_reaches_the_apiserver_as_cluster_admin()
    {
        using var client = fixture.Server.CreateAdminClient();
        var version = await client.Version.GetCodeAsync();
        Assert.Equal("v1.20.2", version.GitVersion);
        Assert.Contains((await client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == "kube-system");
        var review = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new k8s.Models.V1SelfSubjectAccessReview
        {
            Spec = new k8s.Models.V1SelfSubjectAccessReviewSpec { ResourceAttributes = new k8s.Models.V1ResourceAttributes { Verb = "*", Resource = "*", Group = "*" } },
        });
        Assert.True(review.Status.Allowed);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task An_apiserver_whose_certificate_another_CA_signed_is_refused()
    {
        // Another cluster's admin kubeconfig (its own CA) aimed at this server: the TLS handshake fails before any request.
        using var other = new TempDirectory();
        var foreign = (await ClusterRenderer.RenderAsync(SampleSpecs.Twenty(), other.Path)).OperatorFiles["admin.kubeconfig"].Content;
        using var client = KubernetesClientFactory.FromKubeconfig(foreign, fixture.Server.ConnectionOptions);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.Version.GetCodeAsync());
        Assert.IsType<AuthenticationException>(ex.InnerException);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task A_server_name_the_certificate_does_not_carry_is_refused_although_the_CA_matches()
    {
        // The serving certificate names 127.0.0.1 but not "localhost": same server, same CA, wrong name.
        var byName = new UriBuilder(fixture.Server.Url) { Host = "localhost" }.Uri;
        using var client = KubernetesClientFactory.FromKubeconfig(fixture.Server.AdminKubeconfig, new KubernetesConnectionOptions { Server = byName });
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.Version.GetCodeAsync());
        Assert.IsType<AuthenticationException>(ex.InnerException);
    }
}
