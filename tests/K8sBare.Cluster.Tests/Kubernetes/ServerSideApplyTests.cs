using K8sBare.Cluster.Kubernetes;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>Server-side apply of multi-document manifests: paths from apiVersion/kind, content type, query and body.</summary>
public sealed class ServerSideApplyTests : IAsyncLifetime
{
    private readonly FakeApiPki _pki = FakeApiPki.Create();
    private readonly FakeKubeApi _api = new();
    private FakeApiServer _server = null!;
    private KubernetesClient _client = null!;

    private const string Manifest = """
        # CoreDNS pieces, as the hard way applies them
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: coredns
          namespace: kube-system
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: system:coredns
        rules:
        - apiGroups: [""]
          resources: [endpoints, services, pods, namespaces]
          verbs: [list, watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: system:coredns
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:coredns}
        subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
        ---
        # an empty document is skipped
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: kube-dns, namespace: kube-system}
        spec:
          clusterIP: 10.32.0.10
          ports: [{name: dns, port: 53, protocol: UDP}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: coredns
          namespace: kube-system
        spec:
          replicas: 2
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: k8sbare-system
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: kubernetes-extra
        addressType: IPv4
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: kube-flannel, namespace: kube-flannel}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: coredns, namespace: kube-system}
        data: {Corefile: ".:53 {\n  forward . /etc/resolv.conf\n}\n"}
        """;

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

    [Fact]
    public async Task Every_document_is_patched_at_its_resource_path_in_order()
    {
        var applied = await _client.ApplyAsync(Manifest);
        string[] expected =
        [
            "/api/v1/namespaces/kube-system/serviceaccounts/coredns",
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Acoredns",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system%3Acoredns",
            "/api/v1/namespaces/kube-system/services/kube-dns",
            "/apis/apps/v1/namespaces/kube-system/deployments/coredns",
            "/api/v1/namespaces/k8sbare-system",
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes-extra",
            "/apis/apps/v1/namespaces/kube-flannel/daemonsets/kube-flannel",
            "/api/v1/namespaces/kube-system/configmaps/coredns",
        ];
        Assert.Equal(expected.Length, applied.Count);
        Assert.Equal(["/api/v1/namespaces/k8sbare-system"], applied.Where(a => a.Namespace is null && a.Kind == "Namespace").Select(a => a.Path));
        var all = _server.Requests.ToList();
        // Each object: a metadata-only GET (for the resourceVersion before), then the apply PATCH.
        Assert.Equal(expected.Length * 2, all.Count);
        Assert.Equal(expected.Length, all.Count(r => r.Method == "GET"));
        for (var i = 0; i < all.Count; i += 2)
        {
            Assert.Equal("GET", all[i].Method);
            Assert.Equal(all[i + 1].Path, all[i].Path);
            Assert.StartsWith("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", all[i].Accept);
        }
        var requests = all.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(expected.Length, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("PATCH", r.Method);
            Assert.Equal("application/apply-patch+yaml", r.ContentType);
            Assert.Equal("fieldManager=k8sbare&force=true", r.Query);
        });
        // The wire path is percent-encoded (system%3Acoredns); compare decoded forms.
        Assert.Equal(expected.Select(Uri.UnescapeDataString), requests.Select(r => Uri.UnescapeDataString(r.Path)));
        Assert.All(applied, a => Assert.True(a.Created));
        Assert.All(applied, a => Assert.True(a.Changed));
        Assert.All(applied, a => Assert.Null(a.PreviousResourceVersion));
        Assert.All(applied, a => Assert.NotNull(a.ResourceVersion));
        Assert.StartsWith("apiVersion: apps/v1\nkind: Deployment\n", requests[4].Body);
        Assert.Contains("replicas: 2", requests[4].Body);
        Assert.DoesNotContain("---", requests[4].Body);

        var again = await _client.ApplyAsync(Manifest);
        Assert.All(again, a => Assert.False(a.Created));
        // Nothing changed: the server kept every resourceVersion, so the second apply reports no change.
        Assert.All(again, a => Assert.False(a.Changed, $"{a.Path} reported as changed"));
        Assert.Equal(applied.Select(a => a.ResourceVersion), again.Select(a => a.ResourceVersion));
        Assert.Equal(applied.Select(a => a.ResourceVersion), again.Select(a => a.PreviousResourceVersion));
    }

    [Fact]
    public async Task An_apply_that_changes_one_object_reports_only_that_object_as_changed()
    {
        var first = await _client.ApplyAsync(Manifest);
        var edited = Manifest.Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal);
        var second = await _client.ApplyAsync(edited);
        var changed = second.Where(a => a.Changed).ToList();
        var deployment = Assert.Single(changed);
        Assert.Equal("/apis/apps/v1/namespaces/kube-system/deployments/coredns", deployment.Path);
        Assert.False(deployment.Created);
        var before = first.Single(a => a.Path == deployment.Path);
        Assert.Equal(before.ResourceVersion, deployment.PreviousResourceVersion);
        Assert.NotEqual(before.ResourceVersion, deployment.ResourceVersion);
        // Applying the edited manifest once more is a no-op again.
        Assert.All(await _client.ApplyAsync(edited), a => Assert.False(a.Changed));
    }

    [Fact]
    public async Task Changed_compares_the_servers_resourceVersion_before_and_after_the_patch()
    {
        const string yaml = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x, namespace: kube-system}\n";
        var first = Assert.Single(await _client.ApplyAsync(yaml));
        // Another writer bumps the object; our next (identical) apply sees a resourceVersion it did not produce
        // before the PATCH and the PATCH keeps it: unchanged by us.
        _api.AppliedObjects[first.Path]["metadata"]!["resourceVersion"] = "9999";
        var again = Assert.Single(await _client.ApplyAsync(yaml));
        Assert.Equal("9999", again.PreviousResourceVersion);
        Assert.Equal("9999", again.ResourceVersion);
        Assert.False(again.Changed);
    }

    [Fact]
    public async Task An_unknown_kind_fails_before_anything_is_applied()
    {
        const string yaml = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n";
        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => _client.ApplyAsync(yaml));
        Assert.Contains("example.com/v1, Kind=Widget", ex.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Documents_without_identity_are_rejected_with_their_position()
    {
        var ex = Assert.Throws<FormatException>(() => ManifestDocument.Split("apiVersion: v1\nkind: ConfigMap\n---\nkind: x\n", "coredns.yaml"));
        Assert.Contains("coredns.yaml document 1", ex.Message);
        Assert.Contains("metadata.name", ex.Message);
    }

    [Fact]
    public async Task Api_errors_surface_as_Status()
    {
        using var noManager = new KubernetesClient(KubernetesClientOptions.FromPem(_server.Url, _pki.CaPem, _pki.ClientPem, _pki.ClientKeyPem) with { FieldManager = "" });
        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => noManager.ApplyAsync("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n"));
        Assert.Equal(422, (int)ex.StatusCode);
        Assert.Equal("Invalid", ex.Reason);
        Assert.Contains("fieldManager: Required value", ex.ApiMessage);
    }
}
