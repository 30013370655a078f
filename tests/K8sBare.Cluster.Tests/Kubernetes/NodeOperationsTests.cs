using k8s;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Tests.Support.ApiServer;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>Node readiness waits, cordon and uncordon against a real kube-apiserver 1.20.2; the tests play the kubelet by writing node status.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class NodeOperationsTests(ApiServerFixture fixture)
{
    [RequiresFact("etcd", Root = true)]
    public async Task Waiting_for_readiness_ends_when_every_node_reports_Ready()
    {
        using var client = fixture.Server.CreateAdminClient();
        var (a, b) = (ApiObjects.Unique("ready-a"), ApiObjects.Unique("ready-b"));
        await ApiObjects.CreateNodeAsync(client, a);
        await ApiObjects.SetReadyAsync(client, a, true, "KubeletReady", "kubelet is posting ready status");

        // b is not registered yet: the wait goes on until it registers and reports Ready.
        var wait = client.WaitForNodesReadyAsync([a, b], TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(200));
        await ApiObjects.CreateNodeAsync(client, b);
        await ApiObjects.SetReadyAsync(client, b, false, "KubeletNotReady", "container runtime network not ready");
        await ApiObjects.SetReadyAsync(client, b, true, "KubeletReady", "kubelet is posting ready status");

        var nodes = await wait;
        Assert.Equal([a, b], nodes.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(nodes, n => Assert.True(n.IsReady()));
    }

    [RequiresFact("etcd", Root = true)]
    public async Task A_wait_that_times_out_names_each_node_and_why_it_is_not_Ready()
    {
        using var client = fixture.Server.CreateAdminClient();
        var (ready, notReady, silent, missing) = (ApiObjects.Unique("ok"), ApiObjects.Unique("cni"), ApiObjects.Unique("silent"), ApiObjects.Unique("ghost"));
        foreach (var n in new[] { ready, notReady, silent }) await ApiObjects.CreateNodeAsync(client, n);
        await ApiObjects.SetReadyAsync(client, ready, true, "KubeletReady", "ok");
        await ApiObjects.SetReadyAsync(client, notReady, false, "KubeletNotReady", "network plugin is not ready: cni config uninitialized");

        var ex = await Assert.ThrowsAsync<NodesNotReadyException>(() =>
            client.WaitForNodesReadyAsync([ready, notReady, silent, missing], TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200)));
        Assert.Equal(new[] { missing, notReady, silent }.Order(StringComparer.Ordinal), ex.NotReady.Keys);
        Assert.Equal("Ready=False (KubeletNotReady): network plugin is not ready: cni config uninitialized", ex.NotReady[notReady]);
        Assert.Equal("no Ready condition yet (the kubelet has not reported)", ex.NotReady[silent]);
        Assert.Equal("not registered", ex.NotReady[missing]);
        Assert.Contains($"{notReady}: Ready=False (KubeletNotReady)", ex.Message, StringComparison.Ordinal);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task Cordon_marks_the_node_unschedulable_and_uncordon_removes_the_field()
    {
        using var client = fixture.Server.CreateAdminClient();
        var name = ApiObjects.Unique("cordon");
        await ApiObjects.CreateNodeAsync(client, name);

        Assert.True((await client.CordonNodeAsync(name)).Spec.Unschedulable);
        Assert.True((await client.CoreV1.ReadNodeAsync(name)).Spec.Unschedulable);
        Assert.True((await client.CordonNodeAsync(name)).Spec.Unschedulable); // idempotent
        Assert.Null((await client.UncordonNodeAsync(name)).Spec.Unschedulable);
        Assert.Null((await client.CoreV1.ReadNodeAsync(name)).Spec.Unschedulable);

        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CordonNodeAsync(ApiObjects.Unique("ghost")));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.Response.StatusCode);
    }
}
