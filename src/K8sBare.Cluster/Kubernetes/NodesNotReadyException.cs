namespace K8sBare.Cluster.Kubernetes;

/// <summary>Nodes did not become Ready in time; <see cref="NotReady"/> says why for each.</summary>
public sealed class NodesNotReadyException : ClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="timeout">How long was waited.</param>
    /// <param name="notReady">Node name → why it is not Ready (an <c>(API)</c> entry carries the last API error).</param>
    public NodesNotReadyException(TimeSpan timeout, IReadOnlyDictionary<string, string> notReady)
        : base($"Nodes not Ready after {timeout.TotalSeconds:0.#} s: {string.Join("; ", notReady.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"))}. "
            + "Fix: read the kubelet log on those nodes (certificates, container runtime socket, CNI config).")
    {
        Timeout = timeout;
        NotReady = new SortedDictionary<string, string>(notReady.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
    }

    /// <summary>How long was waited.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Node name → why it is not Ready, ordered by name.</summary>
    public IReadOnlyDictionary<string, string> NotReady { get; }
}
