using K8sBare.Remote.Commands;

namespace K8sBare.Remote.Transports;

/// <summary>How to reach a host with the system OpenSSH client.</summary>
public sealed record OpenSshOptions : HostConnectionOptions
{
    /// <summary>The address, DNS name or ssh_config alias to connect to.</summary>
    public required string Host { get; init; }

    /// <summary>The name used in messages and events; defaults to <see cref="Host"/>.</summary>
    public string? Name { get; init; }

    /// <summary>The SSH port; null uses ssh_config or 22.</summary>
    public int? Port { get; init; }

    /// <summary>The login user; null uses ssh_config or the local user name.</summary>
    public string? User { get; init; }

    /// <summary>A private key file (<c>-i</c>); null uses ssh_config, the agent and the default keys.</summary>
    public string? IdentityFile { get; init; }

    /// <summary>When false the SSH agent is not used (<c>IdentityAgent=none</c>) and only <see cref="IdentityFile"/> is offered.</summary>
    public bool UseAgent { get; init; } = true;

    /// <summary>A bastion to jump through (<c>-J</c>, e.g. <c>admin@bastion:2222</c>, comma-separated for several hops).</summary>
    public string? ProxyJump { get; init; }

    /// <summary>
    /// An explicit ssh_config file (<c>-F</c>). Null reads the user's own <c>~/.ssh/config</c> (and the system one)
    /// as ssh always does.
    /// </summary>
    public string? ConfigFile { get; init; }

    /// <summary>
    /// The known_hosts file to verify host keys against (and record into under <see cref="HostKeyPolicy.TrustOnFirstUse"/>).
    /// When set, the system-wide known_hosts is not consulted. Null uses ssh's defaults (<c>~/.ssh/known_hosts</c>).
    /// </summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>Strict (default) or trust-on-first-use. A changed key is refused either way.</summary>
    public HostKeyPolicy HostKeyPolicy { get; init; } = HostKeyPolicy.Strict;

    /// <summary>
    /// How long the TCP connect and SSH banner may take (ssh's <c>ConnectTimeout</c>); the whole connection set-up
    /// (key exchange, authentication, first command) is bounded by twice this plus 10 s (three times with a bastion).
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Default timeout of each command; null means none.</summary>
    public TimeSpan? CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>When commands go through <c>sudo -n</c>; by default when the login user is not root.</summary>
    public BecomeMode Become { get; init; } = BecomeMode.Auto;

    /// <summary>How long the multiplexing master stays up with no command running (a safety net if the process dies without closing).</summary>
    public TimeSpan ControlPersist { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Opt-in persistent master, like Ansible's <c>ControlPersist</c>. Null (default): the master is private to this
    /// connection (a temporary 0700 directory) and closed with <c>ssh -O exit</c> on dispose, leaving nothing behind.
    /// When set: the ControlPath is a stable per-user socket (<c>$XDG_RUNTIME_DIR/k8sbare-ssh/&lt;hash&gt;</c> or
    /// <c>/tmp/k8sbare-ssh-&lt;uid&gt;/&lt;hash&gt;</c>, the hash covering user, host, port and the options that
    /// matter); a live master left by an earlier connection or process is reused (no new key exchange), a new one is
    /// started with <c>ControlPersist</c> set to this value, and dispose leaves it running until it has been idle this
    /// long. Host-key checking is the same either way.
    /// </summary>
    public TimeSpan? PersistentMaster { get; init; }

    /// <summary>
    /// How many commands may run at the same time over this connection (sshd's <c>MaxSessions</c> defaults to 10
    /// per connection); more wait for a free slot.
    /// </summary>
    public int MaxConcurrentCommands { get; init; } = 8;

    /// <summary>Extra <c>-o</c> options as <c>Key=Value</c> strings, passed verbatim.</summary>
    public IReadOnlyList<string> ExtraOptions { get; init; } = [];

    /// <summary>The ssh executable; <c>ssh</c> from PATH by default.</summary>
    public string SshExecutable { get; init; } = "ssh";

    /// <summary>The display name.</summary>
    public string DisplayName => Name ?? Host;
}
