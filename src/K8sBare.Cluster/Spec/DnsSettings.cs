namespace K8sBare.Cluster;

/// <summary>Cluster DNS (CoreDNS) settings.</summary>
public sealed record DnsSettings
{
    /// <summary>Where CoreDNS runs.</summary>
    public CoreDnsPlacement Placement { get; init; } = CoreDnsPlacement.HostServiceOnWorkers;

    /// <summary>Where CoreDNS forwards names outside the cluster domain.</summary>
    public string Upstream { get; init; } = "/etc/resolv.conf";

    /// <summary>
    /// Log every query CoreDNS answers (the Corefile's <c>log</c> plugin: one line per query on standard output, so in
    /// the journal under systemd and in <c>/var/log/coredns.log</c> under OpenRC). Off by default: it is verbose.
    /// </summary>
    public bool Log { get; init; }
}
