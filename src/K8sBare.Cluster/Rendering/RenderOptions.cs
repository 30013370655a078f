namespace K8sBare.Cluster.Rendering;

/// <summary>Inputs to rendering besides the spec and the PKI.</summary>
public sealed record RenderOptions
{
    /// <summary>Per-host facts (by node name); hosts without an entry use offline defaults.</summary>
    public IReadOnlyDictionary<string, HostRenderFacts> Facts { get; init; } = new Dictionary<string, HostRenderFacts>();

    /// <summary>
    /// The Secrets-at-rest key (base64 of 32 bytes) when the spec asks for encryption; null uses the key
    /// <see cref="ClusterRenderer.LoadPkiAsync"/> loaded with the PKI (see <see cref="SecretsEncryptionKey"/>).
    /// </summary>
    public string? SecretsEncryptionKey { get; init; }

    /// <summary>Render only these hosts (node names); null renders every node. Cluster-wide artifacts (flannel's config, RBAC) are always rendered.</summary>
    public IReadOnlySet<string>? Hosts { get; init; }

    /// <summary>How the etcd members start, learned from the hosts by an apply or a plan; null renders day-1 bootstrap flags.</summary>
    internal EtcdStartPlan? Etcd { get; init; }

    /// <summary>The facts for a host, or the offline defaults.</summary>
    /// <param name="host">A node name.</param>
    public HostRenderFacts FactsFor(string host) => Facts.TryGetValue(host, out var f) ? f : new HostRenderFacts();
}
