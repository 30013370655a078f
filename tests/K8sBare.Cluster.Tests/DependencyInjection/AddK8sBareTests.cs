using k8s;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.DependencyInjection;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace K8sBare.Cluster.Tests.DependencyInjection;

public sealed class AddK8sBareTests
{
    [Fact]
    public async Task The_client_from_DI_applies_with_the_configured_store_and_transport()
    {
        using var dir = new TempDirectory();
        await using var sp = new ServiceCollection()
            .AddK8sBare(o => { o.PkiDirectory = dir.Combine("pki"); o.FolderRoot = dir.Combine("hosts"); })
            .BuildServiceProvider();

        Assert.IsType<DirectoryConnectionFactory>(sp.GetRequiredService<IHostConnectionFactory>());
        var result = await sp.GetRequiredService<K8sBareClient>().ApplyAsync(SampleSpecs.Twenty(), [ApplyPhase.Pki, ApplyPhase.Files]);

        Assert.Contains(result.Changes, c => c.Host == "node-2" && c.Target == "/etc/init.d/kubelet");
        Assert.True(File.Exists(dir.Combine("hosts", "node-2", "etc", "init.d", "kubelet")));
        Assert.True(File.Exists(dir.Combine("pki", "ca.key")));
    }

    [Fact]
    public void Without_a_folder_root_hosts_are_reached_over_ssh()
    {
        using var sp = new ServiceCollection().AddK8sBare().BuildServiceProvider();
        Assert.IsType<SshConnectionFactory>(sp.GetRequiredService<IHostConnectionFactory>());
    }

    [Fact]
    public async Task Without_an_admin_kubeconfig_or_a_PKI_store_the_errors_name_the_option()
    {
        using var dir = new TempDirectory();
        await using var sp = new ServiceCollection().AddK8sBare(o => o.PkiDirectory = dir.Combine("empty")).BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<IKubernetes>());
        Assert.Contains("K8sBareOptions.AdminKubeconfigPath", ex.Message, StringComparison.Ordinal);
        var noStore = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => sp.GetRequiredService<K8sBareClient>().ConnectAsync(SampleSpecs.Twenty()));
        Assert.Contains("ca.crt", noStore.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("empty")));
    }
}
