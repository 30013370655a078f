using K8sBare.Remote.Commands;

namespace K8sBare.Remote.Transports;

/// <summary>
/// How to reach a host with the in-process SSH.NET client (no <c>ssh</c> binary needed: Windows, LINQPad, containers).
/// Authentication is by private key file only (SSH.NET has no agent support); ssh_config is not read. For ssh_config,
/// an agent or ProxyJump use <see cref="OpenSshOptions"/>.
/// </summary>
public sealed record SshNetOptions : HostConnectionOptions
{
    /// <summary>The address or DNS name to connect to (not an ssh_config alias: ssh_config is not read).</summary>
    public required string Host { get; init; }

    /// <summary>The name used in messages and events; defaults to <see cref="Host"/>.</summary>
    public string? Name { get; init; }

    /// <summary>The SSH port (1–65535).</summary>
    public int Port { get; init; } = 22;

    /// <summary>The login user; null uses the local user name, as ssh does.</summary>
    public string? User { get; init; }

    /// <summary>
    /// The private key file (OpenSSH, PKCS#1/PKCS#8 PEM or PuTTY format; ed25519, ECDSA or RSA). Required: SSH.NET cannot
    /// use an ssh-agent or hardware token.
    /// </summary>
    public required string IdentityFile { get; init; }

    /// <summary>The key file's passphrase, when it is encrypted. Never logged.</summary>
    public string? IdentityPassphrase { get; init; }

    /// <summary>
    /// The known_hosts file to verify host keys against (and append to under <see cref="HostKeyPolicy.TrustOnFirstUse"/>).
    /// Null reads <c>~/.ssh/known_hosts</c> and <c>/etc/ssh/ssh_known_hosts</c>, as ssh does, and records into the first.
    /// </summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>Strict (default: the key must be recorded) or trust-on-first-use. A changed key is refused either way.</summary>
    public HostKeyPolicy HostKeyPolicy { get; init; } = HostKeyPolicy.Strict;

    /// <summary>
    /// How long the TCP connect, the banner and each handshake step may take; the whole connection set-up (key exchange,
    /// authentication, first command) is bounded by twice this plus 10 s.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Default timeout of each command; null means none.</summary>
    public TimeSpan? CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>When commands go through <c>sudo -n</c>; by default when the login user is not root.</summary>
    public BecomeMode Become { get; init; } = BecomeMode.Auto;

    /// <summary>
    /// How many commands (SSH channels) may run at the same time over the one connection (sshd's <c>MaxSessions</c>
    /// defaults to 10); more wait for a free slot.
    /// </summary>
    public int MaxConcurrentCommands { get; init; } = 8;

    /// <summary>
    /// Like ssh's <c>ServerAliveInterval</c>: while commands run, the host is asked every interval to answer (a no-op
    /// command on its own channel); after <see cref="ServerAliveCountMax"/> intervals without an answer the connection is
    /// declared dead, running commands fail with <see cref="Errors.HostUnreachableException"/> and the next command
    /// reconnects. Also the interval of SSH keep-alive messages. Null or zero turns both off (a dead host is then only
    /// noticed when TCP gives up).
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How many keep-alive intervals a host may leave unanswered before the connection is declared dead (ssh's <c>ServerAliveCountMax</c>).</summary>
    public int ServerAliveCountMax { get; init; } = 3;

    /// <summary>The display name.</summary>
    public string DisplayName => Name ?? Host;
}
