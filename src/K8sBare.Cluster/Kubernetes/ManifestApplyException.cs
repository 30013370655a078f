using System.Net;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>A manifest document the API server did not accept (or could not be mapped to a resource), named by its identity.</summary>
public sealed class ManifestApplyException : ClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="document">The document that failed.</param>
    /// <param name="statusCode">The HTTP status of the API's answer (null when no request was made).</param>
    /// <param name="apiMessage">The API's Status reason and message, or the mapping problem.</param>
    /// <param name="inner">The underlying error.</param>
    public ManifestApplyException(ManifestDocument document, HttpStatusCode? statusCode, string apiMessage, Exception? inner = null)
        : base($"Applying {document.ApiVersion} {document.Kind} {(document.Namespace is null ? "" : document.Namespace + "/")}{document.Name} failed: {apiMessage}", inner)
    {
        Document = document;
        StatusCode = statusCode;
        ApiMessage = apiMessage;
    }

    /// <summary>The document that failed.</summary>
    public ManifestDocument Document { get; }

    /// <summary>The HTTP status (null when the kind could not be mapped and nothing was sent).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The API's Status reason and message (or the mapping problem).</summary>
    public string ApiMessage { get; }
}
