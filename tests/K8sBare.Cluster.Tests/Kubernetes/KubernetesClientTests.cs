using System.Net;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Pki.Kubeconfig;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>The typed client against an in-process HTTPS API that requires the client certificate.</summary>
public sealed class KubernetesClientTests : IAsyncLifetime
{
    private readonly FakeApiPki _pki = FakeApiPki.Create();
    private readonly FakeKubeApi _api = new();
    private FakeApiServer _server = null!;
    private KubernetesClient _client = null!;

    public Task InitializeAsync()
    {
        _server = new FakeApiServer(_pki, _api.Handle);
        _client = new KubernetesClient(KubernetesClientOptions.FromPem(_server.Url, _pki.CaPem, _pki.ClientPem, _pki.ClientKeyPem));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private RecordedRequest Last => _server.Requests.Last();

    [Fact]
    public async Task Version_and_readyz_are_read()
    {
        var v = await _client.GetVersionAsync();
        Assert.Equal(("1", "32", "v1.32.3", "linux/amd64"), (v.Major, v.Minor, v.GitVersion, v.Platform));
        Assert.Equal(("GET", "/version"), (Last.Method, Last.Path));
        Assert.Contains("CN=admin", Last.ClientSubject);

        var ready = await _client.GetReadinessAsync();
        Assert.True(ready.Ready);
        Assert.Empty(ready.FailedChecks);
        Assert.Equal("verbose", Last.Query);
        _api.Ready = false;
        var notReady = await _client.GetReadinessAsync();
        Assert.False(notReady.Ready);
        Assert.Equal(["etcd", "etcd-readiness"], notReady.FailedChecks);
    }

    [Fact]
    public async Task Nodes_are_listed_got_cordoned_uncordoned_and_deleted()
    {
        _api.AddNode("worker-1", ready: true, "10.0.1.21");
        _api.AddNode("worker-0", ready: false, "10.0.1.20");

        var nodes = await _client.ListNodesAsync();
        Assert.Equal(["worker-0", "worker-1"], nodes.Select(n => n.Name));
        Assert.False(nodes[0].Ready);
        Assert.True(nodes[1].Ready);
        Assert.Equal("10.0.1.21", nodes[1].InternalIP);
        Assert.Equal("v1.32.3", nodes[1].KubeletVersion);
        Assert.Equal("worker-1", nodes[1].Labels["kubernetes.io/hostname"]);

        Assert.Null(await _client.GetNodeAsync("nope"));
        Assert.Equal(("GET", "/api/v1/nodes/nope"), (Last.Method, Last.Path));

        var cordoned = await _client.SetUnschedulableAsync("worker-1", true);
        Assert.True(cordoned.Unschedulable);
        Assert.Equal(("PATCH", "/api/v1/nodes/worker-1", "application/strategic-merge-patch+json", """{"spec":{"unschedulable":true}}"""),
            (Last.Method, Last.Path, Last.ContentType, Last.Body));
        Assert.True((await _client.GetNodeAsync("worker-1"))!.Unschedulable);

        var uncordoned = await _client.SetUnschedulableAsync("worker-1", false);
        Assert.False(uncordoned.Unschedulable);
        Assert.Equal("""{"spec":{"unschedulable":null}}""", Last.Body);

        Assert.True(await _client.DeleteNodeAsync("worker-0"));
        Assert.Equal(("DELETE", "/api/v1/nodes/worker-0"), (Last.Method, Last.Path));
        Assert.False(await _client.DeleteNodeAsync("worker-0"));
        Assert.Equal(["worker-1"], (await _client.ListNodesAsync()).Select(n => n.Name));

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => _client.SetUnschedulableAsync("ghost", true));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("NotFound", ex.Reason);
        Assert.Equal("nodes \"ghost\" not found", ex.ApiMessage);
    }

    [Fact]
    public async Task Eviction_posts_a_policy_v1_Eviction_and_maps_pdb_and_missing_pods()
    {
        _api.Pods.Add("kube-system/coredns-1");
        _api.Pods.Add("default/protected");
        _api.PdbProtectedPods.Add("default/protected");

        Assert.Equal(EvictionResult.Evicted, await _client.EvictPodAsync("kube-system", "coredns-1", TimeSpan.FromSeconds(30)));
        Assert.Equal(("POST", "/api/v1/namespaces/kube-system/pods/coredns-1/eviction", "application/json"), (Last.Method, Last.Path, Last.ContentType));
        Assert.Equal("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"coredns-1","namespace":"kube-system"},"deleteOptions":{"gracePeriodSeconds":30}}""", Last.Body);

        Assert.Equal(EvictionResult.BlockedByDisruptionBudget, await _client.EvictPodAsync("default", "protected"));
        Assert.Equal(EvictionResult.NotFound, await _client.EvictPodAsync("kube-system", "coredns-1"));
    }

    [Fact]
    public async Task ConfigMaps_are_created_then_updated_with_the_resource_version()
    {
        Assert.Null(await _client.GetConfigMapAsync("kube-system", "k8sbare"));
        var created = await _client.CreateOrUpdateConfigMapAsync("kube-system", "k8sbare", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        Assert.Equal(("POST", "/api/v1/namespaces/kube-system/configmaps"), (Last.Method, Last.Path));
        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"k8sbare","namespace":"kube-system"},"data":{"a":"1","b":"2"}}""", Last.Body);
        Assert.NotNull(created.ResourceVersion);

        var updated = await _client.CreateOrUpdateConfigMapAsync("kube-system", "k8sbare", new Dictionary<string, string> { ["a"] = "3" });
        Assert.Equal(("PUT", "/api/v1/namespaces/kube-system/configmaps/k8sbare"), (Last.Method, Last.Path));
        Assert.Contains($"\"resourceVersion\":\"{created.ResourceVersion}\"", Last.Body);
        Assert.NotEqual(created.ResourceVersion, updated.ResourceVersion);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "3" }, (await _client.GetConfigMapAsync("kube-system", "k8sbare"))!.Data);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused_by_the_server()
    {
        using var anonymous = new KubernetesClient(KubernetesClientOptions.FromPem(_server.Url, _pki.CaPem, null, null, bearerToken: "t"));
        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => anonymous.GetVersionAsync());
        Assert.Equal("Unreachable", ex.Reason);
        Assert.True(_server.RejectedHandshakes >= 1);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_server_from_another_ca_is_not_trusted()
    {
        var other = FakeApiPki.Create("other-ca");
        using var client = new KubernetesClient(KubernetesClientOptions.FromPem(_server.Url, other.CaPem, _pki.ClientPem, _pki.ClientKeyPem));
        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetVersionAsync());
        Assert.Equal("Unreachable", ex.Reason);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Options_come_from_a_kubeconfig_built_by_K8sBare_Pki()
    {
        var kubeconfig = new KubeconfigBuilder()
            .Cluster("hard-way", _server.Url.OriginalString, _pki.CaPem)
            .User("admin", _pki.ClientPem, _pki.ClientKeyPem)
            .Context("default", "hard-way", "admin")
            .UseContext("default")
            .Build();
        using var client = new KubernetesClient(KubernetesClientOptions.FromKubeconfigYaml(kubeconfig.ToYaml()));
        Assert.Equal("v1.32.3", (await client.GetVersionAsync()).GitVersion);
        Assert.Throws<ArgumentException>(() => KubernetesClientOptions.FromKubeconfig(kubeconfig, "missing"));
    }
}
