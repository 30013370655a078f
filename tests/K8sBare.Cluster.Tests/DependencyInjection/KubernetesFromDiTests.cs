using k8s;
using K8sBare.Cluster.DependencyInjection;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Tests.Support.ApiServer;
using K8sBare.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace K8sBare.Cluster.Tests.DependencyInjection;

/// <summary>The IKubernetes that AddK8sBare registers, and K8sBareClient.ConnectAsync, against a real kube-apiserver 1.20.2.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class KubernetesFromDiTests(ApiServerFixture fixture)
{
    [RequiresFact("etcd", Root = true)]
    public async Task AddK8sBare_registers_IKubernetes_built_from_the_rendered_admin_kubeconfig()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("admin.kubeconfig");
        await File.WriteAllTextAsync(path, fixture.Server.AdminKubeconfig);
        await using var sp = new ServiceCollection()
            .AddK8sBare(o => { o.AdminKubeconfigPath = path; o.ApiServer = fixture.Server.Url; })
            .BuildServiceProvider();

        var client = sp.GetRequiredService<IKubernetes>();
        Assert.Same(client, sp.GetRequiredService<IKubernetes>());
        Assert.Equal("v1.20.2", (await client.Version.GetCodeAsync()).GitVersion);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task K8sBareClient_connects_as_admin_from_the_configured_PKI_store()
    {
        await using var sp = new ServiceCollection()
            .AddK8sBare(o => { o.PkiDirectory = fixture.Server.PkiDirectory; o.ApiServer = fixture.Server.Url; })
            .BuildServiceProvider();
        using var client = await sp.GetRequiredService<K8sBareClient>().ConnectAsync(fixture.Server.Artifacts.Spec);
        Assert.NotEmpty((await client.CoreV1.ListNamespaceAsync()).Items);
    }
}
