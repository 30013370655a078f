using System.Net;
using System.Text.Json;
using K8sBare.Cluster.Kubernetes.Protocol;

namespace K8sBare.Cluster.Kubernetes;

public sealed partial class KubernetesClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<KubernetesNode>> ListNodesAsync(CancellationToken cancellationToken = default)
    {
        var list = await SendJsonAsync(HttpMethod.Get, "/api/v1/nodes", null, null, KubernetesJsonContext.Default.NodeListDto, cancellationToken)
            .ConfigureAwait(false);
        return list!.Items is null ? [] : [.. list.Items.Select(ToNode).OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<KubernetesNode?> GetNodeAsync(string name, CancellationToken cancellationToken = default)
    {
        var dto = await SendJsonAsync(HttpMethod.Get, NodePath(name), null, null, KubernetesJsonContext.Default.NodeDto, cancellationToken, nullOn404: true)
            .ConfigureAwait(false);
        return dto is null ? null : ToNode(dto);
    }

    /// <inheritdoc />
    public async Task<KubernetesNode> SetUnschedulableAsync(string name, bool unschedulable, CancellationToken cancellationToken = default)
    {
        // kubectl cordon: strategic merge patch {"spec":{"unschedulable":true}}; uncordon sends null to drop the field.
        var patch = JsonSerializer.Serialize(new NodePatchDto { Spec = { Unschedulable = unschedulable ? true : null } }, KubernetesJsonContext.Default.NodePatchDto);
        var dto = await SendJsonAsync(HttpMethod.Patch, NodePath(name), patch, "application/strategic-merge-patch+json",
            KubernetesJsonContext.Default.NodeDto, cancellationToken).ConfigureAwait(false);
        return ToNode(dto!);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteNodeAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = NodePath(name);
        using var req = new HttpRequestMessage(HttpMethod.Delete, path);
        using var resp = await SendRawAsync(req, cancellationToken).ConfigureAwait(false);
        if (resp.StatusCode == HttpStatusCode.NotFound) return false;
        if (!resp.IsSuccessStatusCode)
            throw ToException(resp.StatusCode, await resp.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), "DELETE", path);
        return true;
    }

    private static string NodePath(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return "/api/v1/nodes/" + Uri.EscapeDataString(name);
    }

    private static KubernetesNode ToNode(NodeDto d) => new()
    {
        Name = d.Metadata?.Name ?? "",
        Ready = d.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true,
        Unschedulable = d.Spec?.Unschedulable == true,
        InternalIP = d.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address,
        KubeletVersion = d.Status?.NodeInfo?.KubeletVersion,
        PodCidr = d.Spec?.PodCidr,
        Labels = d.Metadata?.Labels is { } l ? new SortedDictionary<string, string>(l, StringComparer.Ordinal) : new SortedDictionary<string, string>(),
        Taints = d.Spec?.Taints is { } t
            ? [.. t.Select(x => string.IsNullOrEmpty(x.Value) ? $"{x.Key}:{x.Effect}" : $"{x.Key}={x.Value}:{x.Effect}")]
            : [],
        ResourceVersion = d.Metadata?.ResourceVersion,
    };
}
