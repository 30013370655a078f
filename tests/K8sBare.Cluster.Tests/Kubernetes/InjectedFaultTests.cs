using System.Net;
using System.Text;
using k8s;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Tests.Support.ApiServer;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>
/// Faults a healthy server does not produce, injected into the official client's pipeline (a handler in front of the
/// real kube-apiserver 1.20.2 that answers chosen requests itself and passes every other one through).
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class InjectedFaultTests(ApiServerFixture fixture)
{
    [RequiresFact("etcd", Root = true)]
    public async Task An_eviction_the_API_fails_with_500_stops_the_drain_at_once_naming_the_pod_and_the_answer()
    {
        using var admin = fixture.Server.CreateAdminClient();
        var node = ApiObjects.Unique("fault");
        await ApiObjects.CreateNodeAsync(admin, node);
        var ns = await ApiObjects.CreateNamespaceAsync(admin, "fault");
        await ApiObjects.CreatePodAsync(admin, ns, "web-1", node, "ReplicaSet");

        var fault = new FaultHandler(r => r.Method == HttpMethod.Post && r.RequestUri!.AbsolutePath.EndsWith("/pods/web-1/eviction", StringComparison.Ordinal),
            """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcdserver: request timed out","reason":"InternalError","code":500}""");
        var config = KubernetesClientFactory.ConfigurationFromKubeconfig(fixture.Server.AdminKubeconfig, fixture.Server.ConnectionOptions);
        using var client = new k8s.Kubernetes(config, fault);

        var ex = await Assert.ThrowsAsync<NodeDrainException>(() => client.DrainNodeAsync(node, new DrainOptions { GracePeriod = TimeSpan.Zero, Timeout = TimeSpan.FromMinutes(2) }));
        Assert.False(ex.TimedOut);
        Assert.Equal(1, fault.Answered);
        var pod = Assert.Single(ex.Remaining);
        Assert.Equal("web-1", pod.Name);
        Assert.Equal("eviction through policy/v1beta1 failed: 500 InternalError: etcdserver: request timed out", pod.Reason);
        Assert.True((await admin.CoreV1.ReadNodeAsync(node)).Spec.Unschedulable);
        Assert.NotNull(await admin.CoreV1.ReadNamespacedPodAsync("web-1", ns));
    }

    private sealed class FaultHandler(Func<HttpRequestMessage, bool> matches, string statusJson) : DelegatingHandler
    {
        public int Answered { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!matches(request)) return base.SendAsync(request, cancellationToken);
            Answered++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                RequestMessage = request,
                Content = new StringContent(statusJson, Encoding.UTF8, "application/json"),
            });
        }
    }
}
