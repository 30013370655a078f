using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace K8sBare.Cluster.Apply;

/// <summary>Creates the RBAC objects and the kube-dns Service/Endpoints with server-side apply (changes only when the objects differ).</summary>
internal static class RbacPhase
{
    public static async Task<IReadOnlyList<string>> RunAsync(ApplyRun run, CancellationToken ct)
    {
        const string step = "rbac objects";
        if (run.Offline)
        {
            run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, ApplyEventState.Skipped, TimeSpan.Zero, "offline target; manifests are under /etc/kubernetes/manifests/rbac on the first control-plane node"));
            return [];
        }

        var host = await ApiAccess.RunningApiServerAsync(run, ct).ConfigureAwait(false);
        if (host is null)
        {
            run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, ApplyEventState.Skipped, TimeSpan.Zero, "kube-apiserver is not running"));
            run.Warn("rbac: skipped because kube-apiserver is not running; run 'apply --phase rbac' once it is.");
            return [];
        }

        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, ApplyEventState.Started, TimeSpan.Zero));
        using var http = ApiAccess.CreateHttpClient(run, TimeSpan.FromSeconds(15));
        var server = ApiAccess.ServerFor(run, host.Node);
        var failures = new List<string>();
        var changed = 0;
        foreach (var (path, yaml) in Objects(run.Artifacts!.RbacManifest))
        {
            try
            {
                var before = await VersionAsync(http, new Uri(server, path), ct).ConfigureAwait(false);
                using var content = new StringContent(yaml, Encoding.UTF8);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/apply-patch+yaml");
                using var req = new HttpRequestMessage(HttpMethod.Patch, new Uri(server, path + "?fieldManager=k8sbare&force=true")) { Content = content };
                using var resp = await http.SendAsync(req, ct).ConfigureAwait(false);
                var body = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"HTTP {(int)resp.StatusCode}: {body}");
                var after = JsonNode.Parse(body)?["metadata"]?["resourceVersion"]?.GetValue<string>();
                if (after != before)
                {
                    run.Change(ApplyPhase.Rbac, null, ChangeKind.ApiObjectApplied, path);
                    changed++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"cluster: applying {path} failed: {ex.Message}");
            }
        }

        run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, failures.Count > 0 ? ApplyEventState.Failed : changed > 0 ? ApplyEventState.Changed : ApplyEventState.Unchanged, sw.Elapsed));
        return failures;
    }

    private static async Task<string?> VersionAsync(HttpClient http, Uri url, CancellationToken ct)
    {
        using var r = await http.GetAsync(url, ct).ConfigureAwait(false);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        r.EnsureSuccessStatusCode();
        return JsonNode.Parse(await r.Content.ReadAsStringAsync(ct).ConfigureAwait(false))?["metadata"]?["resourceVersion"]?.GetValue<string>();
    }

    /// <summary>Each YAML document with its REST path.</summary>
    internal static IEnumerable<(string Path, string Yaml)> Objects(string manifest)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(manifest));
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is not YamlMappingNode root) continue;
            var kind = Scalar(root, "kind");
            var meta = root.Children.TryGetValue(new YamlScalarNode("metadata"), out var m) ? m as YamlMappingNode : null;
            var name = meta is null ? null : Scalar(meta, "name");
            var ns = meta is null ? null : Scalar(meta, "namespace");
            if (kind is null || name is null) continue;
            var path = kind switch
            {
                "ClusterRole" => $"/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}",
                "ClusterRoleBinding" => $"/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/{name}",
                "Service" => $"/api/v1/namespaces/{ns ?? "default"}/services/{name}",
                "Endpoints" => $"/api/v1/namespaces/{ns ?? "default"}/endpoints/{name}",
                _ => throw new InvalidOperationException($"K8sBare bug: no REST path for kind {kind}."),
            };
            var sb = new StringWriter();
            new YamlStream(doc).Save(sb, assignAnchors: false);
            yield return (path, sb.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal));
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}
