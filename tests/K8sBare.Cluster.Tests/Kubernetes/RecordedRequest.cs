namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>One request the fake API server received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body, string? ClientSubject, string? Accept = null);
