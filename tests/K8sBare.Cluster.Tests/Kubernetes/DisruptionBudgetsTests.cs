using k8s;
using k8s.Models;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Tests.Support.ApiServer;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>
/// Which evictions a PodDisruptionBudget forbids now, read before a removal changes anything — against a real
/// kube-apiserver 1.20.2 (budgets served as policy/v1beta1 only), with the budget status written as the disruption
/// controller would. Before this, a removal cordoned the node and retried the 429 until its 5-minute timeout.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class DisruptionBudgetsTests(ApiServerFixture fixture)
{
    [RequiresFact("etcd", Root = true)]
    public async Task A_budget_that_allows_no_disruption_names_the_pods_it_guards_on_the_node_and_nothing_else()
    {
        using var client = fixture.Server.CreateAdminClient();
        var node = ApiObjects.Unique("pdb-node");
        var other = ApiObjects.Unique("pdb-other");
        await ApiObjects.CreateNodeAsync(client, node);
        await ApiObjects.CreateNodeAsync(client, other);
        var ns = await ApiObjects.CreateNamespaceAsync(client, "budgets");
        var guarded = new Dictionary<string, string> { ["app"] = "guarded" };
        await ApiObjects.CreatePodAsync(client, ns, "guarded-1", node, "ReplicaSet", guarded);
        await ApiObjects.SetRunningAsync(client, ns, "guarded-1");
        // The server lets a Pending pod be evicted whatever the budget (it is not running, so no disruption): not blocked.
        await ApiObjects.CreatePodAsync(client, ns, "guarded-pending", node, "ReplicaSet", guarded);
        await ApiObjects.CreatePodAsync(client, ns, "guarded-2", other, "ReplicaSet", guarded);
        await ApiObjects.CreatePodAsync(client, ns, "free-1", node, "ReplicaSet", new Dictionary<string, string> { ["app"] = "free" });
        // Pods a drain does not evict are not blocked by anything: a DaemonSet's and a static pod's mirror.
        await ApiObjects.CreatePodAsync(client, ns, "agent", node, "DaemonSet", guarded);
        await ApiObjects.CreatePodAsync(client, ns, "static", node, labels: guarded, annotations: new Dictionary<string, string> { [NodeDrain.MirrorPodAnnotation] = "x" });

        var policy = await ApiObjects.PolicyVersionAsync(client);
        Assert.Equal("policy/v1beta1", policy);
        await client.ApplyManifestAsync($"apiVersion: {policy}\nkind: PodDisruptionBudget\nmetadata: {{name: guard, namespace: {ns}}}\nspec:\n  minAvailable: 2\n  selector: {{matchLabels: {{app: guarded}}}}\n");
        // The disruption controller has not written a status yet: the server refuses evictions then too (429).
        var unprocessed = Assert.Single(await DisruptionBudgets.FindBlockedEvictionsAsync(client, node));
        Assert.Equal((ns, "guarded-1"), (unprocessed.Namespace, unprocessed.Name));

        await ApiObjects.SetBudgetStatusAsync(client, policy, ns, "guard", disruptionsAllowed: 0, healthy: 2, desired: 2);
        var blocked = Assert.Single(await DisruptionBudgets.FindBlockedEvictionsAsync(client, node));
        Assert.Equal("guarded-1", blocked.Name);
        Assert.Equal($"PodDisruptionBudget {ns}/guard allows no disruption now (2 healthy, 2 desired)", blocked.Reason);
        Assert.Empty(await DisruptionBudgets.FindBlockedEvictionsAsync(client, ApiObjects.Unique("empty")));

        // The server agrees: the eviction the check names is refused with 429.
        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { ApiVersion = policy, Kind = "Eviction", Metadata = new V1ObjectMeta { Name = "guarded-1", NamespaceProperty = ns } }, "guarded-1", ns));
        Assert.Equal(429, (int)ex.Response.StatusCode);
        await client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { ApiVersion = policy, Kind = "Eviction", Metadata = new V1ObjectMeta { Name = "guarded-pending", NamespaceProperty = ns } }, "guarded-pending", ns);

        await ApiObjects.SetBudgetStatusAsync(client, policy, ns, "guard", disruptionsAllowed: 1, healthy: 2, desired: 1);
        Assert.Empty(await DisruptionBudgets.FindBlockedEvictionsAsync(client, node));
    }

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app=db", false)]
    [InlineData("", false)]
    public void Selectors_match_labels_and_expressions_as_the_server_does(string labels, bool tierIn)
    {
        var pod = labels.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { [labels.Split('=')[0]] = labels.Split('=')[1] };
        Assert.Equal(tierIn, DisruptionBudgets.Selects(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, pod));
        Assert.Equal(tierIn, DisruptionBudgets.Selects(new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "In", Values = ["web", "api"] }] }, pod));
        Assert.Equal(!tierIn, DisruptionBudgets.Selects(new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "NotIn", Values = ["web"] }] }, pod));
        Assert.Equal(labels.Length > 0, DisruptionBudgets.Selects(new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Exists" }] }, pod));
        Assert.Equal(labels.Length == 0, DisruptionBudgets.Selects(new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "DoesNotExist" }] }, pod));
        // An empty selector: every pod in policy/v1, none in policy/v1beta1.
        Assert.True(DisruptionBudgets.Selects(new V1LabelSelector(), pod, emptySelectsAll: true));
        Assert.False(DisruptionBudgets.Selects(new V1LabelSelector(), pod, emptySelectsAll: false));
    }
}
