using k8s;
using k8s.Models;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Tests.Support.ApiServer;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>
/// Drain against a real kube-apiserver 1.20.2 with no kubelet: pods are bound to a node with <c>spec.nodeName</c> and
/// stay Pending; the tests write pod status where a kubelet would. What the server does with an evicted pod nobody
/// confirms is what these tests pin down.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class NodeDrainTests(ApiServerFixture fixture)
{
    [RequiresFact("etcd", Root = true)]
    public async Task The_server_on_1_20_serves_evictions_as_policy_v1beta1_only()
    {
        using var client = fixture.Server.CreateAdminClient();
        Assert.Equal("policy/v1beta1", await EvictionApi.DiscoverVersionAsync(client));
    }

    [RequiresFact("etcd", Root = true)]
    public async Task Drain_evicts_managed_pods_skips_DaemonSet_and_mirror_pods_and_waits_until_they_are_gone()
    {
        using var client = fixture.Server.CreateAdminClient();
        var node = ApiObjects.Unique("drain");
        var other = ApiObjects.Unique("stay");
        await ApiObjects.CreateNodeAsync(client, node);
        await ApiObjects.CreateNodeAsync(client, other);
        var ns = await ApiObjects.CreateNamespaceAsync(client, "drain");
        await ApiObjects.CreatePodAsync(client, ns, "web-1", node, "ReplicaSet");
        await ApiObjects.CreatePodAsync(client, ns, "web-2", node, "ReplicaSet");
        await ApiObjects.SetRunningAsync(client, ns, "web-2");
        await ApiObjects.CreatePodAsync(client, ns, "db-0", node, "StatefulSet");
        await ApiObjects.CreatePodAsync(client, ns, "flannel", node, "DaemonSet");
        await ApiObjects.CreatePodAsync(client, ns, "static-web", node, annotations: new Dictionary<string, string> { [NodeDrain.MirrorPodAnnotation] = "4f0c1d" });
        await ApiObjects.CreatePodAsync(client, ns, "elsewhere", other, "ReplicaSet");

        // No kubelet confirms a graceful deletion here, so the pods are given no grace (as for a node that is down).
        var report = await client.DrainNodeAsync(node, new DrainOptions { GracePeriod = TimeSpan.Zero, Timeout = TimeSpan.FromMinutes(2) });

        Assert.Equal(node, report.Node);
        Assert.Equal("policy/v1beta1", report.EvictionApiVersion);
        Assert.Equal(["db-0", "web-1", "web-2"], report.Evicted.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["flannel", "static-web"], report.Skipped.Select(p => p.Name));
        Assert.Contains("DaemonSet", report.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("mirror pod", report.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.True((await client.CoreV1.ReadNodeAsync(node)).Spec.Unschedulable);
        var left = (await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["elsewhere", "flannel", "static-web"], left);
        Assert.Null((await client.CoreV1.ReadNodeAsync(other)).Spec.Unschedulable);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task Without_a_kubelet_an_evicted_pod_stays_terminating_and_the_drain_times_out_saying_so()
    {
        using var client = fixture.Server.CreateAdminClient();
        var node = ApiObjects.Unique("gone");
        await ApiObjects.CreateNodeAsync(client, node);
        var ns = await ApiObjects.CreateNamespaceAsync(client, "grace");
        await ApiObjects.CreatePodAsync(client, ns, "web-1", node, "ReplicaSet");
        await ApiObjects.SetRunningAsync(client, ns, "web-1");

        var ex = await Assert.ThrowsAsync<NodeDrainException>(() =>
            client.DrainNodeAsync(node, new DrainOptions { Timeout = TimeSpan.FromSeconds(3), PollInterval = TimeSpan.FromMilliseconds(200) }));

        Assert.True(ex.TimedOut);
        var pod = Assert.Single(ex.Remaining);
        Assert.Equal((ns, "web-1"), (pod.Namespace, pod.Name));
        Assert.Contains("evicted; terminating since", pod.Reason, StringComparison.Ordinal);
        Assert.Contains($"the kubelet on {node} has not confirmed", pod.Reason, StringComparison.Ordinal);
        Assert.Contains($"{ns}/web-1: evicted; terminating", ex.Message, StringComparison.Ordinal);
        // What the server really did: graceful deletion started (deletionTimestamp, the pod's 30 s grace), and the object stays.
        var lingering = await client.CoreV1.ReadNamespacedPodAsync("web-1", ns);
        Assert.NotNull(lingering.Metadata.DeletionTimestamp);
        Assert.Equal(30, lingering.Metadata.DeletionGracePeriodSeconds);

        // Run again with no grace, as for a node that is down: the server deletes the pod at once.
        var report = await client.DrainNodeAsync(node, new DrainOptions { GracePeriod = TimeSpan.Zero, Timeout = TimeSpan.FromMinutes(2) });
        Assert.Equal("web-1", Assert.Single(report.Evicted).Name);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task A_PodDisruptionBudget_that_allows_no_disruption_blocks_the_eviction_until_the_timeout_and_the_report_names_it()
    {
        using var client = fixture.Server.CreateAdminClient();
        var node = ApiObjects.Unique("pdb");
        await ApiObjects.CreateNodeAsync(client, node);
        var ns = await ApiObjects.CreateNamespaceAsync(client, "pdb");
        var labels = new Dictionary<string, string> { ["app"] = "guarded" };
        await ApiObjects.CreatePodAsync(client, ns, "guarded-1", node, "ReplicaSet", labels);
        await ApiObjects.SetRunningAsync(client, ns, "guarded-1");
        await ApiObjects.CreatePodAsync(client, ns, "free-1", node, "ReplicaSet");
        await ApiObjects.SetRunningAsync(client, ns, "free-1");

        // A budget of minAvailable 1 over the one guarded pod; the disruption controller (not running here) would
        // write this status: healthy 1, desired 1, so no disruption is allowed.
        var policy = await ApiObjects.PolicyVersionAsync(client);
        await client.ApplyManifestAsync($"apiVersion: {policy}\nkind: PodDisruptionBudget\nmetadata: {{name: guard, namespace: {ns}}}\nspec:\n  minAvailable: 1\n  selector: {{matchLabels: {{app: guarded}}}}\n");
        await ApiObjects.SetBudgetStatusAsync(client, policy, ns, "guard", disruptionsAllowed: 0);

        var ex = await Assert.ThrowsAsync<NodeDrainException>(() => client.DrainNodeAsync(node,
            new DrainOptions { GracePeriod = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(4), PollInterval = TimeSpan.FromMilliseconds(300) }));

        Assert.True(ex.TimedOut);
        var left = Assert.Single(ex.Remaining);
        Assert.Equal("guarded-1", left.Name);
        Assert.Contains("eviction refused by a PodDisruptionBudget: 429 TooManyRequests", left.Reason, StringComparison.Ordinal);
        Assert.Contains("The disruption budget guard needs 1 healthy pods and has 1 currently", left.Reason, StringComparison.Ordinal);
        Assert.Equal("free-1", Assert.Single(ex.Report.Evicted).Name);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(await client.CoreV1.ReadNamespacedPodAsync("guarded-1", ns));

        // Once the budget allows a disruption, the same drain goes through.
        await ApiObjects.SetBudgetStatusAsync(client, policy, ns, "guard", disruptionsAllowed: 1);
        var report = await client.DrainNodeAsync(node, new DrainOptions { GracePeriod = TimeSpan.Zero, Timeout = TimeSpan.FromMinutes(2) });
        Assert.Equal("guarded-1", Assert.Single(report.Evicted).Name);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task Unmanaged_and_emptyDir_pods_refuse_the_drain_before_the_node_is_cordoned()
    {
        using var client = fixture.Server.CreateAdminClient();
        var node = ApiObjects.Unique("unsafe");
        await ApiObjects.CreateNodeAsync(client, node);
        var ns = await ApiObjects.CreateNamespaceAsync(client, "unsafe");
        await ApiObjects.CreatePodAsync(client, ns, "bare", node);
        await ApiObjects.CreatePodAsync(client, ns, "cache", node, "ReplicaSet", emptyDir: true);
        await ApiObjects.CreatePodAsync(client, ns, "web", node, "ReplicaSet");

        var ex = await Assert.ThrowsAsync<NodeDrainException>(() => client.DrainNodeAsync(node, new DrainOptions { GracePeriod = TimeSpan.Zero }));
        Assert.False(ex.TimedOut);
        Assert.Equal(["bare", "cache"], ex.Remaining.Select(p => p.Name));
        Assert.Contains("DrainOptions.Force", ex.Remaining[0].Reason, StringComparison.Ordinal);
        Assert.Contains("DrainOptions.DeleteEmptyDirData", ex.Remaining[1].Reason, StringComparison.Ordinal);
        Assert.Null((await client.CoreV1.ReadNodeAsync(node)).Spec.Unschedulable);
        Assert.Equal(3, (await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count);

        var report = await client.DrainNodeAsync(node, new DrainOptions { GracePeriod = TimeSpan.Zero, Force = true, DeleteEmptyDirData = true, Timeout = TimeSpan.FromMinutes(2) });
        Assert.Equal(["bare", "cache", "web"], report.Evicted.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [RequiresFact("etcd", Root = true)]
    public async Task Draining_a_node_that_does_not_exist_fails_with_404()
    {
        using var client = fixture.Server.CreateAdminClient();
        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.DrainNodeAsync(ApiObjects.Unique("ghost")));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.Response.StatusCode);
    }
}
