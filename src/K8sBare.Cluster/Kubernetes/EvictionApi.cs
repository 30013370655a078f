using k8s;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>Which Eviction API version the server serves, from discovery (kubectl drain does the same).</summary>
public static class EvictionApi
{
    /// <summary>
    /// <c>policy/v1</c> or <c>policy/v1beta1</c>: the group/version discovery reports for the <c>pods/eviction</c>
    /// subresource of <c>/api/v1</c> (Kubernetes 1.22+ serves policy/v1; 1.20 and 1.21 only policy/v1beta1 and answer
    /// 400 to a policy/v1 Eviction). Servers that report no group/version get policy/v1 when <c>/apis/policy/v1</c> is
    /// served, else policy/v1beta1.
    /// </summary>
    /// <param name="client">The official client.</param>
    /// <param name="cancellationToken">Cancels discovery.</param>
    /// <exception cref="NotSupportedException">The server has no <c>pods/eviction</c> subresource.</exception>
    public static async Task<string> DiscoverVersionAsync(IKubernetes client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var mapper = new KubernetesResourceMapper(client);
        var core = await mapper.ServedAsync("v1", cancellationToken).ConfigureAwait(false);
        var eviction = core.FirstOrDefault(r => r.Name == "pods/eviction")
            ?? throw new NotSupportedException("The API server serves no pods/eviction subresource; pods cannot be evicted through it.");
        if (eviction.Group == "policy" && !string.IsNullOrEmpty(eviction.Version)) return $"policy/{eviction.Version}";
        try
        {
            await mapper.ServedAsync("policy/v1", cancellationToken).ConfigureAwait(false);
            return "policy/v1";
        }
        catch (NotSupportedException)
        {
            return "policy/v1beta1";
        }
    }
}
