namespace K8sBare.Cluster;

/// <summary>Cluster DNS (CoreDNS) settings.</summary>
public sealed record DnsSettings
{
    /// <summary>Where CoreDNS runs.</summary>
    public CoreDnsPlacement Placement { get; init; } = CoreDnsPlacement.HostServiceOnWorkers;

    /// <summary>Where CoreDNS forwards names outside the cluster domain.</summary>
    public string Upstream { get; init; } = "/etc/resolv.conf";
}
