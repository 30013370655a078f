namespace K8sBare.Cluster;

/// <summary>Where CoreDNS runs.</summary>
public enum CoreDnsPlacement
{
    /// <summary>As a host service on every worker (the $20 cluster); pods use the DNS service IP.</summary>
    HostServiceOnWorkers,

    /// <summary>As a host service on every control-plane node.</summary>
    HostServiceOnControlPlane,

    /// <summary>Not deployed by K8sBare.</summary>
    None,
}
