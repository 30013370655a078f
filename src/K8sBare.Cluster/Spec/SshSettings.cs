namespace K8sBare.Cluster;

/// <summary>How to reach a node over SSH (the system OpenSSH client is used).</summary>
public sealed record SshSettings
{
    /// <summary>The user to log in as (root, or a user with passwordless sudo).</summary>
    public string User { get; init; } = "root";

    /// <summary>The SSH port.</summary>
    public int Port { get; init; } = 22;

    /// <summary>The private key file on this machine. Required to apply.</summary>
    public string? IdentityFile { get; init; }

    /// <summary>A known_hosts file to pin host keys with; null uses the user's default.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>The address to connect to when it differs from the node's cluster address (NAT, jump hosts).</summary>
    public string? Host { get; init; }
}
