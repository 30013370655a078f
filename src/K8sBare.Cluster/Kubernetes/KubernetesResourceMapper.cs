using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>
/// Maps apiVersion/kind to the resource the server serves it under (plural name, scope) through API discovery
/// (<c>GET /api/v1</c>, <c>GET /apis/GROUP/VERSION</c>), as kubectl's REST mapper does: any built-in kind, and any kind a
/// CustomResourceDefinition or aggregated API adds. One instance caches each group version it has read.
/// </summary>
/// <param name="client">The official client.</param>
public sealed class KubernetesResourceMapper(IKubernetes client)
{
    private readonly Dictionary<string, IReadOnlyList<V1APIResource>> _served = new(StringComparer.Ordinal);

    /// <summary>The resource for <paramref name="apiVersion"/>/<paramref name="kind"/>.</summary>
    /// <param name="apiVersion">e.g. <c>v1</c>, <c>rbac.authorization.k8s.io/v1</c>.</param>
    /// <param name="kind">e.g. <c>Endpoints</c>.</param>
    /// <param name="cancellationToken">Cancels the discovery request.</param>
    /// <exception cref="NotSupportedException">The server does not serve that group version, or not that kind in it (the message lists what it serves).</exception>
    /// <exception cref="HttpOperationException">Discovery failed otherwise.</exception>
    public async Task<KubernetesResourceKind> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var resources = await ServedAsync(apiVersion, cancellationToken).ConfigureAwait(false);
        var r = resources.FirstOrDefault(x => x.Kind == kind && !x.Name.Contains('/', StringComparison.Ordinal))
            ?? throw new NotSupportedException(
                $"The API server serves {apiVersion} but no kind '{kind}' in it; it serves: {string.Join(", ", resources.Where(x => !x.Name.Contains('/', StringComparison.Ordinal)).Select(x => x.Kind).Distinct().Order(StringComparer.Ordinal))}.");
        return new KubernetesResourceKind(apiVersion, r.Kind, r.Name, r.Namespaced);
    }

    /// <summary>The resources (subresources included, e.g. <c>pods/eviction</c>) the server serves for <paramref name="apiVersion"/>.</summary>
    /// <param name="apiVersion">e.g. <c>v1</c> or <c>apps/v1</c>.</param>
    /// <param name="cancellationToken">Cancels the discovery request.</param>
    /// <exception cref="NotSupportedException">The server does not serve that group version.</exception>
    public async Task<IReadOnlyList<V1APIResource>> ServedAsync(string apiVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiVersion);
        if (_served.TryGetValue(apiVersion, out var cached)) return cached;
        V1APIResourceList list;
        try
        {
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            list = slash < 0
                ? await client.CoreV1.GetAPIResourcesAsync(cancellationToken).ConfigureAwait(false)
                : await GroupResourcesAsync(apiVersion[..slash], apiVersion[(slash + 1)..], cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            throw new NotSupportedException($"The API server does not serve '{apiVersion}' (discovery answered 404). Check the apiVersion against the server's version (kubectl api-versions).", ex);
        }
        var resources = (IReadOnlyList<V1APIResource>)[.. list.Resources ?? []];
        _served[apiVersion] = resources;
        return resources;
    }

    private async Task<V1APIResourceList> GroupResourcesAsync(string group, string version, CancellationToken ct)
    {
        using var response = await client.CustomObjects.GetAPIResourcesWithHttpMessagesAsync(group, version, cancellationToken: ct).ConfigureAwait(false);
        return response.Body;
    }
}
