using System.Net;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>A failed API request, carrying the HTTP status and the API's Status reason and message.</summary>
public sealed class KubernetesApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubernetesApiException(HttpStatusCode statusCode, string reason, string apiMessage, string method, string path, Exception? inner = null)
        : base($"Kubernetes API {method} {path} failed: {(int)statusCode} {reason}: {apiMessage}", inner)
    {
        StatusCode = statusCode;
        Reason = reason;
        ApiMessage = apiMessage;
        Method = method;
        Path = path;
    }

    /// <summary>The HTTP status (e.g. 404, 409, 429).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status reason (NotFound, AlreadyExists, Conflict, TooManyRequests, …).</summary>
    public string Reason { get; }

    /// <summary>The Status message.</summary>
    public string ApiMessage { get; }

    /// <summary>The request method.</summary>
    public string Method { get; }

    /// <summary>The request path.</summary>
    public string Path { get; }
}
