using System.Net;
using System.Text;
using System.Net.Http.Headers;

namespace K8sBare.Cluster.Kubernetes;

public sealed partial class KubernetesClient
{
    /// <summary>The server-side apply content type.</summary>
    public const string ApplyPatchContentType = "application/apply-patch+yaml";

    /// <inheritdoc />
    public async Task<IReadOnlyList<AppliedObject>> ApplyAsync(string yaml, CancellationToken cancellationToken = default)
    {
        var docs = ManifestDocument.Split(yaml);
        // Resolve every kind first, so an unsupported document fails the call before anything is applied.
        var targets = docs.Select(d => (Doc: d, Kind: KubernetesResourceKinds.Resolve(d.ApiVersion, d.Kind))).ToList();
        var applied = new List<AppliedObject>(targets.Count);
        foreach (var (doc, kind) in targets)
        {
            var ns = kind.Namespaced ? doc.Namespace ?? "default" : null;
            var path = kind.PathFor(doc.Name, ns);
            var query = $"?fieldManager={Uri.EscapeDataString(_options.FieldManager)}&force=true";
            using var req = new HttpRequestMessage(HttpMethod.Patch, path + query)
            {
                Content = new StringContent(doc.Yaml, Encoding.UTF8),
            };
            req.Content.Headers.ContentType = new MediaTypeHeaderValue(ApplyPatchContentType);
            using var resp = await SendRawAsync(req, cancellationToken).ConfigureAwait(false);
            if (!resp.IsSuccessStatusCode)
                throw ToException(resp.StatusCode, await resp.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), "PATCH", path);
            applied.Add(new AppliedObject
            {
                ApiVersion = doc.ApiVersion, Kind = doc.Kind, Name = doc.Name, Namespace = ns, Path = path,
                Created = resp.StatusCode == HttpStatusCode.Created,
            });
        }
        return applied;
    }
}
