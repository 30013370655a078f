using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>Reads the API's <c>Status</c> out of a failed request of the official client.</summary>
internal static class KubernetesStatus
{
    public static HttpStatusCode? Code(this HttpOperationException ex) => ex.Response?.StatusCode;

    public static bool IsNotFound(this HttpOperationException ex) => ex.Response?.StatusCode == HttpStatusCode.NotFound;

    /// <summary>The Status body, or null when the body is not one.</summary>
    public static V1Status? Status(this HttpOperationException ex)
    {
        var body = ex.Response?.Content;
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            var s = KubernetesJson.Deserialize<V1Status>(body);
            return s?.Kind == "Status" ? s : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"429 TooManyRequests: message (cause; cause)", from the Status when there is one, else the raw body (first 300 characters).</summary>
    public static string Describe(this HttpOperationException ex)
    {
        var code = ex.Response is { } r ? $"{(int)r.StatusCode} " : "";
        if (ex.Status() is { } s)
        {
            var causes = s.Details?.Causes is { Count: > 0 } c ? $" ({string.Join("; ", c.Select(x => x.Message).Where(m => !string.IsNullOrEmpty(m)))})" : "";
            return $"{code}{s.Reason}: {s.Message}{causes}";
        }
        var body = ex.Response?.Content ?? ex.Message;
        return code + (body.Length > 300 ? body[..300] : body);
    }
}
