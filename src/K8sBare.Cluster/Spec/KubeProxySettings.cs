namespace K8sBare.Cluster;

/// <summary>kube-proxy settings that depend on the hosts.</summary>
public sealed record KubeProxySettings
{
    /// <summary>
    /// <c>conntrack.maxPerCore</c>: null keeps kube-proxy's default (it raises <c>nf_conntrack_max</c>); 0 leaves the
    /// host's conntrack limits alone — needed where kube-proxy cannot write them, e.g. nodes that are containers in a
    /// network namespace other than the initial one (as kind does).
    /// </summary>
    public int? ConntrackMaxPerCore { get; init; }
}
