using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using K8sBare.Cluster.Kubernetes.Protocol;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Kubernetes;

public sealed partial class KubernetesClient
{
    /// <summary>The server-side apply content type.</summary>
    public const string ApplyPatchContentType = "application/apply-patch+yaml";

    /// <summary>
    /// Accept header for reading an object's metadata only (meta.k8s.io/v1 PartialObjectMetadata), with plain JSON as
    /// the fallback for servers or aggregated APIs that do not offer it.
    /// </summary>
    internal const string PartialMetadataAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json";

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
            // The resourceVersion before the apply: a no-op server-side apply keeps it, any change bumps it.
            var before = await GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
            var query = $"?fieldManager={Uri.EscapeDataString(_options.FieldManager)}&force=true";
            using var req = new HttpRequestMessage(HttpMethod.Patch, path + query)
            {
                Content = new StringContent(doc.Yaml, Encoding.UTF8),
            };
            req.Content.Headers.ContentType = new MediaTypeHeaderValue(ApplyPatchContentType);
            using var resp = await SendRawAsync(req, cancellationToken).ConfigureAwait(false);
            var body = await resp.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!resp.IsSuccessStatusCode) throw ToException(resp.StatusCode, body, "PATCH", path);
            var after = ParseHeader(body, "PATCH", path, resp.StatusCode)?.Metadata?.ResourceVersion;
            var created = resp.StatusCode == HttpStatusCode.Created;
            applied.Add(new AppliedObject
            {
                ApiVersion = doc.ApiVersion, Kind = doc.Kind, Name = doc.Name, Namespace = ns, Path = path,
                Created = created,
                PreviousResourceVersion = before?.ResourceVersion,
                ResourceVersion = after,
                Changed = created || before?.ResourceVersion is null || after is null
                    || !string.Equals(before.ResourceVersion, after, StringComparison.Ordinal),
            });
        }
        return applied;
    }

    /// <summary>
    /// The object's metadata at <paramref name="path"/>, or null when it does not exist (404) or cannot be read (then the
    /// apply counts as a change: unknown is reported as changed, never as unchanged). The apply itself reports real errors.
    /// </summary>
    private async Task<ObjectMetaDto?> GetMetadataAsync(string path, CancellationToken ct)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, path);
        req.Headers.Accept.Clear();
        req.Headers.TryAddWithoutValidation("Accept", PartialMetadataAccept);
        using var resp = await SendRawAsync(req, ct).ConfigureAwait(false);
        if (!resp.IsSuccessStatusCode)
        {
            _log.LogDebug("Kubernetes API GET {Path} before apply answered {Status}; the apply counts as a change", path, (int)resp.StatusCode);
            return null;
        }
        var body = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return ParseHeader(body, "GET", path, resp.StatusCode)?.Metadata;
    }

    private static ObjectHeaderDto? ParseHeader(string body, string method, string path, HttpStatusCode status)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try { return JsonSerializer.Deserialize(body, KubernetesJsonContext.Default.ObjectHeaderDto); }
        catch (JsonException ex)
        {
            throw new KubernetesApiException(status, "InvalidResponse", $"the body is not a JSON API object ({ex.Message})", method, path, ex);
        }
    }
}
