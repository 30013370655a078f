namespace K8sBare.Pki.Catalog;

/// <summary>A machine in the cluster as the PKI sees it: its node name and IP addresses.</summary>
public sealed record TopologyNode
{
    /// <summary>Creates a node.</summary>
    public TopologyNode() { }

    /// <summary>Creates a node with a name and IPs.</summary>
    /// <param name="name">The node (host) name; for kubelets it must equal the registered Kubernetes node name.</param>
    /// <param name="ipAddresses">The node's IPv4/IPv6 addresses as text (private first, then public); they become IP SANs. Checked by <see cref="ClusterTopology.Validate"/>, not here.</param>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public TopologyNode(string name, params string[] ipAddresses)
    {
        Name = name;
        IpAddresses = ipAddresses;
    }

    /// <summary>The node (host) name; for kubelets it must equal the registered Kubernetes node name.</summary>
    public required string Name { get; init; }

    /// <summary>The node's IP addresses (private first, then public), used as IP SANs.</summary>
    public IReadOnlyList<string> IpAddresses { get; init; } = [];

    /// <summary>Further DNS names of the machine (e.g. its FQDN when it differs from <see cref="Name"/>), added to its serving certificates.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];
}
