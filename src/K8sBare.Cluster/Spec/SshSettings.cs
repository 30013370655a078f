namespace K8sBare.Cluster;

/// <summary>
/// How to reach a node over SSH: with the in-process SSH.NET client (the default when a key file is given) or the system
/// OpenSSH client (the default without one, so ssh_config, the agent and the default keys work; or chosen explicitly).
/// </summary>
public sealed record SshSettings
{
    /// <summary>The user to log in as (root, or a user with passwordless sudo).</summary>
    public string User { get; init; } = "root";

    /// <summary>The SSH port.</summary>
    public int Port { get; init; } = 22;

    /// <summary>
    /// The private key file on this machine. Required by <see cref="SshTransport.SshNet"/>; with OpenSSH it may be left
    /// out, and ssh uses ssh_config, the agent and the default keys.
    /// </summary>
    public string? IdentityFile { get; init; }

    /// <summary>A known_hosts file to pin host keys with; null uses the user's default.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>The address to connect to when it differs from the node's cluster address (NAT, jump hosts).</summary>
    public string? Host { get; init; }

    /// <summary>Which SSH client to use; <see cref="SshTransport.Auto"/> (default) resolves as <see cref="ResolvedTransport"/> says.</summary>
    public SshTransport Transport { get; init; } = SshTransport.Auto;

    /// <summary>
    /// The transport actually used: <see cref="Transport"/> when chosen, otherwise SSH.NET when <see cref="IdentityFile"/>
    /// is set and OpenSSH when it is not (an agent-held key, ssh_config or the default keys need OpenSSH).
    /// </summary>
    public SshTransport ResolvedTransport => Transport switch
    {
        SshTransport.Auto => string.IsNullOrWhiteSpace(IdentityFile) ? SshTransport.OpenSsh : SshTransport.SshNet,
        var t => t,
    };
}
