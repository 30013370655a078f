using System.Net;
using k8s;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>kube-apiserver's health endpoints, which the generated API of the official client does not cover.</summary>
public static class ApiServerHealth
{
    /// <summary>
    /// <c>GET /readyz?verbose</c> through the client's own HTTP pipeline (TLS, client certificate, credentials). A 500 or
    /// 503 is reported as not ready, never thrown.
    /// </summary>
    /// <param name="client">A client built by <see cref="KubernetesClientFactory"/> (or any <see cref="k8s.Kubernetes"/>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="NotSupportedException"><paramref name="client"/> is another <see cref="IKubernetes"/> implementation.</exception>
    /// <exception cref="HttpRequestException">The server cannot be reached, or answered another status (e.g. 401/403).</exception>
    public static async Task<ApiServerReadiness> GetReadinessAsync(this IKubernetes client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client is not k8s.Kubernetes k)
            throw new NotSupportedException($"GetReadinessAsync needs the official k8s.Kubernetes client (it uses its HTTP pipeline); got {client.GetType().Name}.");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(k.BaseUri, "readyz?verbose"));
        if (k.Credentials is { } credentials) await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        using var response = await k.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable))
            throw new HttpRequestException($"GET /readyz answered {(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length > 300 ? body[..300] : body)}", null, response.StatusCode);
        var failed = body.Split('\n').Where(l => l.StartsWith("[-]", StringComparison.Ordinal)).Select(l => l[3..].Split(' ')[0]).ToList();
        return new ApiServerReadiness { Ready = response.StatusCode == HttpStatusCode.OK, Report = body, FailedChecks = failed };
    }
}
