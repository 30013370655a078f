namespace K8sBare.Cluster.Rendering;

/// <summary>
/// Facts about a host that change what is rendered for it (gathered by the preflight phase). Offline
/// renders use the defaults noted on each property.
/// </summary>
public sealed record HostRenderFacts
{
    /// <summary>
    /// True when systemd-resolved runs on the host: the kubelet then reads
    /// <c>/run/systemd/resolve/resolv.conf</c> (the real upstreams) instead of <c>/etc/resolv.conf</c>
    /// (the 127.0.0.53 stub, which would loop inside pods). Null (offline): <see cref="NodeSpec.ResolvConf"/> decides,
    /// or, when that is not set either, <c>/etc/resolv.conf</c> is assumed and flagged (<see cref="Artifacts.HostArtifacts.Assumptions"/>).
    /// </summary>
    public bool? SystemdResolvedActive { get; init; }
}
