using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>
/// Server-side apply of multi-document YAML manifests of any kind through the official client (the kind → resource
/// mapping comes from the server's discovery), with change detection: the API server keeps an object's
/// <c>metadata.resourceVersion</c> when an apply changes nothing, so a second apply of the same manifest reports no change.
/// </summary>
public static class ServerSideApply
{
    /// <summary>
    /// Applies every document of <paramref name="yaml"/> in order with <c>PATCH</c> <c>application/apply-patch+yaml</c>
    /// (<c>fieldManager</c>, <c>force</c> from <paramref name="options"/>). Every document is parsed and mapped to its resource
    /// first, so an unknown kind fails the call before anything is applied. Each object's resourceVersion is read just
    /// before its apply so that <see cref="AppliedObject.Changed"/> can tell an update from a no-op.
    /// </summary>
    /// <param name="client">The official client.</param>
    /// <param name="yaml">The manifest (documents separated by <c>---</c> lines; empty documents are skipped).</param>
    /// <param name="options">Field manager, force, default namespace; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels between and during requests (objects applied so far stay applied).</param>
    /// <returns>One entry per document, in order.</returns>
    /// <exception cref="FormatException">A document is not YAML or lacks apiVersion, kind or metadata.name.</exception>
    /// <exception cref="ManifestApplyException">The server does not serve a document's kind, or refused a document.</exception>
    public static async Task<IReadOnlyList<AppliedObject>> ApplyManifestAsync(this IKubernetes client, string yaml, ServerSideApplyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(yaml);
        options ??= new ServerSideApplyOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FieldManager, "options.FieldManager");
        var docs = ManifestDocument.Split(yaml);
        var mapper = new KubernetesResourceMapper(client);
        var targets = new List<(ManifestDocument Doc, KubernetesResourceKind Kind)>(docs.Count);
        foreach (var doc in docs)
        {
            try
            {
                targets.Add((doc, await mapper.ResolveAsync(doc.ApiVersion, doc.Kind, cancellationToken).ConfigureAwait(false)));
            }
            catch (NotSupportedException ex)
            {
                throw new ManifestApplyException(doc, null, ex.Message, ex);
            }
        }

        var applied = new List<AppliedObject>(targets.Count);
        foreach (var (doc, kind) in targets)
            applied.Add(await ApplyOneAsync(client, doc, kind, options, cancellationToken).ConfigureAwait(false));
        return applied;
    }

    private static async Task<AppliedObject> ApplyOneAsync(IKubernetes client, ManifestDocument doc, KubernetesResourceKind kind, ServerSideApplyOptions options,
        CancellationToken ct)
    {
        var ns = kind.Namespaced ? doc.Namespace ?? options.DefaultNamespace : null;
        string? before;
        try
        {
            before = await ReadResourceVersionAsync(client, kind, ns, doc.Name, ct).ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            throw new ManifestApplyException(doc, ex.Code(), ex.Describe(), ex);
        }

        var patch = new V1Patch(doc.Json, V1Patch.PatchType.ApplyPatch);
        HttpOperationResponse<object> response;
        try
        {
            response = ns is null
                ? await client.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync(patch, kind.Group, kind.Version, kind.Plural, doc.Name,
                    fieldManager: options.FieldManager, force: options.Force, cancellationToken: ct).ConfigureAwait(false)
                : await client.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync(patch, kind.Group, kind.Version, ns, kind.Plural, doc.Name,
                    fieldManager: options.FieldManager, force: options.Force, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            throw new ManifestApplyException(doc, ex.Code(), ex.Describe(), ex);
        }

        using (response)
        {
            var after = ResourceVersionOf(response.Body);
            var created = response.Response.StatusCode == HttpStatusCode.Created;
            return new AppliedObject
            {
                ApiVersion = doc.ApiVersion, Kind = doc.Kind, Name = doc.Name, Namespace = ns, Path = kind.PathFor(doc.Name, ns),
                Created = created,
                PreviousResourceVersion = before,
                ResourceVersion = after,
                Changed = created || before is null || after is null || !string.Equals(before, after, StringComparison.Ordinal),
            };
        }
    }

    /// <summary>The object's resourceVersion, or null when it does not exist.</summary>
    private static async Task<string?> ReadResourceVersionAsync(IKubernetes client, KubernetesResourceKind kind, string? ns, string name, CancellationToken ct)
    {
        try
        {
            using var r = ns is null
                ? await client.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync(kind.Group, kind.Version, kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)
                : await client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync(kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            return ResourceVersionOf(r.Body);
        }
        catch (HttpOperationException ex) when (ex.IsNotFound())
        {
            return null;
        }
    }

    private static string? ResourceVersionOf(object? body)
    {
        var element = body switch
        {
            JsonElement e => e,
            null => default,
            _ => JsonSerializer.SerializeToElement(body),
        };
        return element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String
                ? rv.GetString()
                : null;
    }
}
