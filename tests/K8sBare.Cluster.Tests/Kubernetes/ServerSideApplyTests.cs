using k8s;
using k8s.Models;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Tests.Support.ApiServer;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>Server-side apply through the official client against a real kube-apiserver 1.20.2 (etcd behind it) on loopback.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ServerSideApplyTests(ApiServerFixture fixture)
{
    public static TheoryData<string, CoreDnsPlacement> Topologies()
    {
        var data = new TheoryData<string, CoreDnsPlacement>();
        foreach (var topology in new[] { "twenty", "ha" })
            foreach (var placement in Enum.GetValues<CoreDnsPlacement>())
                data.Add(topology, placement);
        return data;
    }

    /// <summary>
    /// Issue 9, fault 1, whole kind: every manifest K8sBare renders for the rbac phase (both sample topologies, every
    /// CoreDNS placement — the kube-dns Service and its v1 Endpoints included) goes through the phase's apply code and
    /// the real server takes it; a second apply changes nothing.
    /// </summary>
    [RequiresTheory("etcd", Root = true)]
    [MemberData(nameof(Topologies))]
    public async Task Every_rendered_manifest_is_applied_by_the_rbac_phase_code_and_a_second_apply_changes_nothing(string topology, CoreDnsPlacement placement)
    {
        var spec = topology == "twenty" ? SampleSpecs.Twenty() : K8sBare.Cli.Topologies.HaCluster.Build("/nonexistent/id_ed25519");
        spec = spec with { Dns = spec.Dns with { Placement = placement } };
        using var pki = new TempDirectory();
        var manifest = (await ClusterRenderer.RenderAsync(spec, pki.Path)).RbacManifest;
        var expected = ManifestDocument.Split(manifest);
        Assert.NotEmpty(expected);
        using var client = fixture.Server.CreateAdminClient();

        var first = await client.ApplyManifestAsync(manifest);
        Assert.Equal(expected.Select(d => (d.Kind, d.Name)), first.Select(a => (a.Kind, a.Name)));
        var second = await client.ApplyManifestAsync(manifest);
        Assert.All(second, a => Assert.False(a.Changed, $"{a.Path} changed on the second apply"));
        Assert.Equal(first.Select(a => a.ResourceVersion), second.Select(a => a.ResourceVersion));

        var dnsHosts = placement switch
        {
            CoreDnsPlacement.HostServiceOnWorkers => spec.WorkerNodes,
            CoreDnsPlacement.HostServiceOnControlPlane => spec.ControlPlaneNodes,
            _ => [],
        };
        if (!dnsHosts.Any())
        {
            Assert.DoesNotContain(expected, d => d.Kind == "Endpoints");
            return;
        }

        // The objects are really there, as rendered: the kube-dns Endpoints name the CoreDNS hosts.
        var endpoints = await client.CoreV1.ReadNamespacedEndpointsAsync("kube-dns", "kube-system");
        Assert.Equal(dnsHosts.Select(n => n.Address).Order(StringComparer.Ordinal),
            endpoints.Subsets.Single().Addresses.Select(a => a.Ip).Order(StringComparer.Ordinal));
        var service = await client.CoreV1.ReadNamespacedServiceAsync("kube-dns", "kube-system");
        Assert.Equal(spec.Network.DnsServiceIp, service.Spec.ClusterIP);
        Assert.Contains(service.Metadata.ManagedFields, f => f.Manager == "k8sbare" && f.Operation == "Apply");
        Assert.NotNull(await client.RbacAuthorizationV1.ReadClusterRoleBindingAsync("system:coredns"));
    }

    [RequiresFact("etcd", Root = true)]
    public async Task Only_the_edited_object_is_reported_changed_and_created_objects_are_reported_created()
    {
        using var client = fixture.Server.CreateAdminClient();
        var ns = await ApiObjects.CreateNamespaceAsync(client, "ssa");
        var manifest = $$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: {{{ns}}}
            data: {level: "1"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: {{{ns}}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: busybox}]}
            """;
        var first = await client.ApplyManifestAsync(manifest);
        Assert.All(first, a => Assert.True(a.Created && a.Changed && a.PreviousResourceVersion is null));
        Assert.Equal([$"/api/v1/namespaces/{ns}/configmaps/settings", $"/apis/apps/v1/namespaces/{ns}/deployments/web"], first.Select(a => a.Path));
        Assert.All(await client.ApplyManifestAsync(manifest), a => Assert.False(a.Changed));

        var edited = manifest.Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal);
        var second = await client.ApplyManifestAsync(edited);
        var changed = Assert.Single(second, a => a.Changed);
        Assert.Equal("web", changed.Name);
        Assert.False(changed.Created);
        Assert.Equal(first[1].ResourceVersion, changed.PreviousResourceVersion);
        Assert.Equal(3, (await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas);
        Assert.All(await client.ApplyManifestAsync(edited), a => Assert.False(a.Changed));
    }

    /// <summary>
    /// Kubernetes 1.20 records no managedFields for a Namespace that server-side apply creates; the next apply writes
    /// them (one more write, reported as a change); from then on an apply is a no-op.
    /// </summary>
    [RequiresFact("etcd", Root = true)]
    public async Task A_namespace_created_by_apply_settles_after_the_servers_managedFields_write()
    {
        var manifest = $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {Unique("ns")}}}\n";
        using var client = fixture.Server.CreateAdminClient();
        Assert.True(Assert.Single(await client.ApplyManifestAsync(manifest)).Created);
        await client.ApplyManifestAsync(manifest);
        Assert.False(Assert.Single(await client.ApplyManifestAsync(manifest)).Changed);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task A_kind_the_server_does_not_serve_fails_before_anything_is_applied()
    {
        var ns = Unique("unknown");
        var manifest = $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: w}}\n";
        using var client = fixture.Server.CreateAdminClient();
        var ex = await Assert.ThrowsAsync<ManifestApplyException>(() => client.ApplyManifestAsync(manifest));
        Assert.Equal(("Widget", "w"), (ex.Document.Kind, ex.Document.Name));
        Assert.Contains("does not serve 'example.com/v1'", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.StatusCode);
        var none = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.ReadNamespaceAsync(ns));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, none.Response.StatusCode);

        var wrongKind = await Assert.ThrowsAsync<ManifestApplyException>(() => client.ApplyManifestAsync("apiVersion: v1\nkind: Deployment\nmetadata: {name: d}\n"));
        Assert.Contains("serves v1 but no kind 'Deployment'", wrongKind.Message, StringComparison.Ordinal);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task A_document_the_server_refuses_names_the_object_and_carries_the_APIs_message()
    {
        var ns = Unique("invalid");
        using var client = fixture.Server.CreateAdminClient();
        var manifest = $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: bad, namespace: {ns}}}\ndata: {{\"not a key!\": x}}\n";
        var ex = await Assert.ThrowsAsync<ManifestApplyException>(() => client.ApplyManifestAsync(manifest));
        Assert.Equal(422, (int)ex.StatusCode!);
        Assert.Contains($"v1 ConfigMap {ns}/bad", ex.Message, StringComparison.Ordinal);
        Assert.Contains("422 Invalid", ex.ApiMessage, StringComparison.Ordinal);
        Assert.Contains("not a key!", ex.ApiMessage, StringComparison.Ordinal);
        // Documents before the refused one stay applied (the call is not a transaction).
        Assert.Equal(ns, (await client.CoreV1.ReadNamespaceAsync(ns)).Metadata.Name);
    }

    [RequiresFact("etcd", Root = true)]
    public async Task A_custom_resource_is_applied_once_its_definition_is_served()
    {
        var group = $"{Unique("k8sbare")}.example.com";
        var crd = $$$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.{{{group}}}
            spec:
              group: {{{group}}}
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer}
            """;
        using var client = fixture.Server.CreateAdminClient();
        Assert.True(Assert.Single(await client.ApplyManifestAsync(crd)).Created);
        var widget = $"apiVersion: {group}/v1\nkind: Widget\nmetadata: {{name: w1, namespace: default}}\nspec: {{size: 3}}\n";
        // The apiserver serves a new CRD's group once it is Established: wait on that condition, then on discovery.
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while ((await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"widgets.{group}", cancellationToken: cts.Token)).Status?.Conditions?
                   .Any(c => c.Type == "Established" && c.Status == "True") != true)
            await Task.Delay(200, cts.Token);
        IReadOnlyList<AppliedObject>? applied = null;
        while (applied is null)
        {
            try { applied = await client.ApplyManifestAsync(widget, cancellationToken: cts.Token); }
            catch (ManifestApplyException ex) when (ex.StatusCode is null) { await Task.Delay(200, cts.Token); }
        }

        Assert.Equal($"/apis/{group}/v1/namespaces/default/widgets/w1", Assert.Single(applied).Path);
        Assert.False(Assert.Single(await client.ApplyManifestAsync(widget)).Changed);
    }

    private static string Unique(string prefix) => ApiObjects.Unique(prefix);
}
