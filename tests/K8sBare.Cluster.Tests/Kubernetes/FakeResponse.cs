namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>What the fake API server answers.</summary>
internal sealed record FakeResponse(int Status, string Body, string ContentType = "application/json")
{
    /// <summary>A metav1.Status failure body, as kube-apiserver sends it (message must be JSON-escaped already).</summary>
    public static FakeResponse Failure(int code, string reason, string message) =>
        new(code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + message
            + "\",\"reason\":\"" + reason + "\",\"code\":" + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
}
