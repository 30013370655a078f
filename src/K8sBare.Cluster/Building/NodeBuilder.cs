namespace K8sBare.Cluster;

/// <summary>Describes one node fluently; handed out by <see cref="ClusterBuilder"/>.</summary>
public sealed class NodeBuilder
{
    private readonly List<string> _addresses = [];
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    internal NodeBuilder(string name, string address, NodeRoles roles)
    {
        Name = name;
        if (address is not null) _addresses.Add(address);
        Roles = roles;
    }

    /// <summary>The node name.</summary>
    public string Name { get; }

    /// <summary>The roles given so far.</summary>
    public NodeRoles Roles { get; private set; }

    internal InitSystem InitSystem { get; private set; } = InitSystem.Systemd;

    internal SshSettings? Ssh { get; private set; }

    internal SshTransport? Transport { get; private set; }

    private Func<SshSettings, SshSettings>? _sshChange;

    private string? _hostName;

    internal string Architecture { get; private set; } = "amd64";

    /// <summary>Adds another address (the first one given is the cluster address).</summary>
    /// <param name="address">An IP address.</param>
    public NodeBuilder WithAddress(string address)
    {
        _addresses.Add(address);
        return this;
    }

    /// <summary>Adds roles.</summary>
    /// <param name="roles">The roles to add.</param>
    public NodeBuilder WithRole(NodeRoles roles)
    {
        Roles |= roles;
        return this;
    }

    /// <summary>Removes roles (e.g. a control-plane node without etcd).</summary>
    /// <param name="roles">The roles to remove.</param>
    public NodeBuilder WithoutRole(NodeRoles roles)
    {
        Roles &= ~roles;
        return this;
    }

    /// <summary>The node runs systemd (the default).</summary>
    public NodeBuilder UseSystemd()
    {
        InitSystem = InitSystem.Systemd;
        return this;
    }

    /// <summary>The node runs OpenRC.</summary>
    public NodeBuilder UseOpenRc()
    {
        InitSystem = InitSystem.OpenRc;
        return this;
    }

    /// <summary>Sets the init system.</summary>
    /// <param name="initSystem">systemd or OpenRC.</param>
    public NodeBuilder UseInitSystem(InitSystem initSystem)
    {
        InitSystem = initSystem;
        return this;
    }

    /// <summary>Sets the node's SSH settings (overrides the cluster default).</summary>
    /// <param name="ssh">The settings.</param>
    public NodeBuilder WithSsh(SshSettings ssh)
    {
        Ssh = ssh;
        return this;
    }

    /// <summary>Sets the node's SSH settings (overrides the cluster default).</summary>
    /// <param name="identityFile">The private key file.</param>
    /// <param name="user">The user.</param>
    /// <param name="port">The port.</param>
    /// <param name="host">The address to connect to, when not the node address.</param>
    public NodeBuilder WithSsh(string identityFile, string user = "root", int port = 22, string? host = null) =>
        WithSsh(new SshSettings { IdentityFile = identityFile, User = user, Port = port, Host = host });

    /// <summary>
    /// Changes some SSH settings of this node on top of the cluster default (or of <see cref="WithSsh(SshSettings)"/>),
    /// e.g. <c>n.WithSsh(s =&gt; s with { Port = 2222 })</c> keeps the default user and key.
    /// </summary>
    /// <param name="change">Returns the node's settings from the inherited ones.</param>
    public NodeBuilder WithSsh(Func<SshSettings, SshSettings> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var previous = _sshChange;
        _sshChange = previous is null ? change : s => change(previous(s));
        return this;
    }

    /// <summary>Sets the machine's host name when it differs from the Kubernetes node name (e.g. a DNS name under your domain).</summary>
    /// <param name="hostName">A DNS name such as <c>worker-1.example.com</c>.</param>
    public NodeBuilder WithHostName(string hostName)
    {
        _hostName = hostName;
        return this;
    }

    /// <summary>Reaches this node with the system OpenSSH client (ssh_config, ssh-agent, default keys, ProxyJump), whatever the cluster default.</summary>
    public NodeBuilder UseOpenSsh() => UseSshTransport(SshTransport.OpenSsh);

    /// <summary>Reaches this node with the in-process SSH.NET client (needs a key file), whatever the cluster default.</summary>
    public NodeBuilder UseSshNet() => UseSshTransport(SshTransport.SshNet);

    /// <summary>Sets this node's SSH transport, keeping the rest of its (or the cluster's) SSH settings.</summary>
    /// <param name="transport">OpenSSH, SSH.NET or Auto.</param>
    public NodeBuilder UseSshTransport(SshTransport transport)
    {
        Transport = transport;
        return this;
    }

    /// <summary>Sets the CPU architecture (Go notation).</summary>
    /// <param name="architecture">amd64, arm64, …</param>
    public NodeBuilder WithArchitecture(string architecture)
    {
        Architecture = architecture;
        return this;
    }

    /// <summary>Declares the resolv.conf the kubelet gives pods (<see cref="NodeSpec.ResolvConf"/>), e.g.
    /// <c>/run/systemd/resolve/resolv.conf</c> on systemd-resolved hosts.</summary>
    /// <param name="path">An absolute path on the node.</param>
    public NodeBuilder WithResolvConf(string path)
    {
        ResolvConf = path;
        return this;
    }

    /// <summary>The declared resolv.conf path, or null (decided from the host at apply).</summary>
    public string? ResolvConf { get; private set; }

    /// <summary>Adds a node label registered by the kubelet.</summary>
    /// <param name="key">The label key.</param>
    /// <param name="value">The label value.</param>
    public NodeBuilder WithLabel(string key, string value)
    {
        _labels[key] = value;
        return this;
    }

    /// <summary>The node's own choice wins, then one in its own settings, then the cluster's.</summary>
    private SshSettings WithTransport(SshSettings ssh, SshTransport? clusterTransport) =>
        (Transport ?? (ssh.Transport != SshTransport.Auto ? ssh.Transport : clusterTransport)) is { } t ? ssh with { Transport = t } : ssh;

    internal NodeSpec Build(SshSettings defaultSsh, SshTransport? clusterTransport = null) => new()
    {
        Name = Name,
        Addresses = _addresses.ToArray(),
        Roles = Roles,
        InitSystem = InitSystem,
        Ssh = WithTransport(_sshChange is null ? Ssh ?? defaultSsh : _sshChange(Ssh ?? defaultSsh), clusterTransport), HostName = _hostName,
        Architecture = Architecture,
        Labels = new SortedDictionary<string, string>(_labels, StringComparer.Ordinal),
        ResolvConf = ResolvConf,
    };
}
