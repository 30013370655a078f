namespace K8sBare.Cluster;

/// <summary>
/// Composes a <see cref="ClusterSpec"/> fluently:
/// <code>
/// var spec = ClusterBuilder.Create("twenty")
///     .AddControlPlane("master", "10.0.0.10")
///     .AddWorker("node-1", "10.0.0.11")
///     .AddWorker("node-2", "10.0.0.12", n => n.UseOpenRc())
///     .UseFlannel(FlannelBackend.Vxlan)
///     .Build();
/// </code>
/// The builder never validates; call <see cref="Validation.ClusterSpecValidation.Validate"/> on the result.
/// </summary>
public sealed class ClusterBuilder
{
    private readonly List<NodeBuilder> _nodes = [];
    private readonly Dictionary<string, BinarySource> _binaries = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, string>> _extraArgs = new(StringComparer.Ordinal);
    private ComponentVersions _versions = new();
    private ClusterNetwork _network = new();
    private FlannelSettings _flannel = new();
    private PodNetworkMode _podNetwork = PodNetworkMode.Flannel;
    private ContainerRuntimeSettings _runtime = new();
    private KubeProxySettings _kubeProxy = new();
    private DnsSettings _dns = new();
    private ApiEndpoint _endpoint = new();
    private PkiSettings _pki = new();
    private SshSettings _ssh = new();
    private SshTransport? _transport;
    private readonly string _name;

    private ClusterBuilder(string name) => _name = name;

    /// <summary>Starts a cluster.</summary>
    /// <param name="name">The cluster name (a DNS label).</param>
    public static ClusterBuilder Create(string name = "kubernetes") => new(name);

    /// <summary>
    /// Starts from an existing spec (day-2: add or remove nodes, then build the new spec). Every setting is kept, and
    /// when all nodes share one SSH setting it becomes the default of the nodes added now (as <see cref="WithSsh(SshSettings)"/> set it on day 1).
    /// </summary>
    /// <param name="spec">The spec to copy.</param>
    public static ClusterBuilder From(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var ssh = spec.Nodes.Select(n => n.Ssh).Distinct().ToList();
        var b = new ClusterBuilder(spec.Name)
        {
            _versions = spec.Versions, _network = spec.Network, _flannel = spec.Flannel, _dns = spec.Dns,
            _endpoint = spec.ApiEndpoint, _pki = spec.Pki, _podNetwork = spec.PodNetwork, _runtime = spec.ContainerRuntime,
            _kubeProxy = spec.KubeProxy, _ssh = ssh.Count == 1 ? ssh[0] : new SshSettings(),
        };
        foreach (var (k, v) in spec.Binaries) b._binaries[k] = v;
        foreach (var (component, args) in spec.ExtraArgs)
            foreach (var (flag, value) in args) b.WithExtraArgs(component, flag, value);
        foreach (var n in spec.Nodes)
        {
            var nb = new NodeBuilder(n.Name, n.Address, n.Roles).UseInitSystem(n.InitSystem).WithSsh(n.Ssh).WithArchitecture(n.Architecture);
            if (n.HostName is not null) nb.WithHostName(n.HostName);
            if (n.ResolvConf is not null) nb.WithResolvConf(n.ResolvConf);
            foreach (var a in n.Addresses.Skip(1)) nb.WithAddress(a);
            foreach (var (k, v) in n.Labels) nb.WithLabel(k, v);
            b._nodes.Add(nb);
        }

        return b;
    }

    /// <summary>Adds a control-plane node; it also runs etcd unless <paramref name="configure"/> removes the role.</summary>
    /// <param name="name">The node name.</param>
    /// <param name="address">The node's cluster IP.</param>
    /// <param name="configure">Further settings.</param>
    public ClusterBuilder AddControlPlane(string name, string address, Action<NodeBuilder>? configure = null) =>
        AddNode(name, address, NodeRoles.ControlPlane | NodeRoles.Etcd, configure);

    /// <summary>Adds a worker.</summary>
    /// <param name="name">The node name.</param>
    /// <param name="address">The node's cluster IP.</param>
    /// <param name="configure">Further settings.</param>
    public ClusterBuilder AddWorker(string name, string address, Action<NodeBuilder>? configure = null) =>
        AddNode(name, address, NodeRoles.Worker, configure);

    /// <summary>Adds a dedicated etcd node.</summary>
    /// <param name="name">The node name.</param>
    /// <param name="address">The node's cluster IP.</param>
    /// <param name="configure">Further settings.</param>
    public ClusterBuilder AddEtcd(string name, string address, Action<NodeBuilder>? configure = null) =>
        AddNode(name, address, NodeRoles.Etcd, configure);

    /// <summary>Adds a node with explicit roles.</summary>
    /// <param name="name">The node name.</param>
    /// <param name="address">The node's cluster IP.</param>
    /// <param name="roles">Its roles.</param>
    /// <param name="configure">Further settings.</param>
    public ClusterBuilder AddNode(string name, string address, NodeRoles roles, Action<NodeBuilder>? configure = null)
    {
        var node = new NodeBuilder(name, address, roles);
        configure?.Invoke(node);
        _nodes.Add(node);
        return this;
    }

    /// <summary>Removes a node by name (day-2: remove a worker).</summary>
    /// <param name="name">The node name.</param>
    public ClusterBuilder RemoveNode(string name)
    {
        _nodes.RemoveAll(n => n.Name == name);
        return this;
    }

    /// <summary>Sets flannel's backend (config stored in etcd).</summary>
    /// <param name="backend">vxlan, host-gw or wireguard.</param>
    /// <param name="configure">Further flannel settings.</param>
    public ClusterBuilder UseFlannel(FlannelBackend backend = FlannelBackend.Vxlan, Func<FlannelSettings, FlannelSettings>? configure = null)
    {
        _podNetwork = PodNetworkMode.Flannel;
        _flannel = _flannel with { Backend = backend };
        if (configure is not null) _flannel = configure(_flannel);
        return this;
    }

    /// <summary>Uses the daemon-less pod network: a CNI bridge per worker and routes between workers
    /// (<see cref="PodNetworkMode.StaticRoutes"/>; needs the nodes on one L2 segment).</summary>
    public ClusterBuilder UseStaticRoutes()
    {
        _podNetwork = PodNetworkMode.StaticRoutes;
        return this;
    }

    /// <summary>Changes containerd's settings on the workers.</summary>
    /// <param name="configure">Returns the new settings.</param>
    public ClusterBuilder WithContainerRuntime(Func<ContainerRuntimeSettings, ContainerRuntimeSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _runtime = configure(_runtime);
        return this;
    }

    /// <summary>Imports an image tarball into containerd on every worker (no registry needed).</summary>
    /// <param name="archive">A docker-archive or OCI tarball on this machine.</param>
    /// <param name="images">The image references it holds.</param>
    public ClusterBuilder PreloadImages(string archive, params string[] images)
    {
        _runtime = _runtime with { PreloadImages = [.. _runtime.PreloadImages, new ImageArchive(archive, images)] };
        return this;
    }

    /// <summary>Changes kube-proxy's host-dependent settings.</summary>
    /// <param name="configure">Returns the new settings.</param>
    public ClusterBuilder WithKubeProxy(Func<KubeProxySettings, KubeProxySettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _kubeProxy = configure(_kubeProxy);
        return this;
    }

    /// <summary>Sets how clients reach the API server.</summary>
    /// <param name="mode">The endpoint mode.</param>
    /// <param name="host">The load balancer address or DNS name (external-lb, dns-round-robin).</param>
    /// <param name="virtualIp">The keepalived VIP.</param>
    /// <param name="port">The port clients connect to.</param>
    public ClusterBuilder WithApiEndpoint(ApiEndpointMode mode, string? host = null, string? virtualIp = null, int port = 6443)
    {
        _endpoint = _endpoint with { Mode = mode, Host = host, VirtualIp = virtualIp, Port = port };
        return this;
    }

    /// <summary>Sets the API endpoint.</summary>
    /// <param name="endpoint">The endpoint.</param>
    public ClusterBuilder WithApiEndpoint(ApiEndpoint endpoint)
    {
        _endpoint = endpoint;
        return this;
    }

    /// <summary>Changes the address plan.</summary>
    /// <param name="configure">Returns the new plan from the current one (use <c>with</c>).</param>
    public ClusterBuilder WithNetwork(Func<ClusterNetwork, ClusterNetwork> configure)
    {
        _network = configure(_network);
        return this;
    }

    /// <summary>Sets the pod and service ranges and the DNS service IP.</summary>
    /// <param name="podCidr">The pod network.</param>
    /// <param name="serviceCidr">The service network.</param>
    /// <param name="dnsServiceIp">The DNS service IP; null keeps the current one.</param>
    public ClusterBuilder WithNetwork(string podCidr, string serviceCidr, string? dnsServiceIp = null)
    {
        _network = _network with { PodCidr = podCidr, ServiceCidr = serviceCidr, DnsServiceIp = dnsServiceIp ?? _network.DnsServiceIp };
        return this;
    }

    /// <summary>Changes the component versions.</summary>
    /// <param name="configure">Returns the new versions from the current ones (use <c>with</c>).</param>
    public ClusterBuilder WithVersions(Func<ComponentVersions, ComponentVersions> configure)
    {
        _versions = configure(_versions);
        return this;
    }

    /// <summary>Sets the Kubernetes version.</summary>
    /// <param name="version">e.g. "1.32.3".</param>
    public ClusterBuilder WithKubernetesVersion(string version)
    {
        _versions = _versions with { Kubernetes = version };
        return this;
    }

    /// <summary>Sets where CoreDNS runs.</summary>
    /// <param name="placement">The placement.</param>
    /// <param name="upstream">Where CoreDNS forwards other names; null keeps the current one.</param>
    public ClusterBuilder UseCoreDns(CoreDnsPlacement placement, string? upstream = null)
    {
        _dns = _dns with { Placement = placement, Upstream = upstream ?? _dns.Upstream };
        return this;
    }

    /// <summary>Logs every query CoreDNS answers (the Corefile's <c>log</c> plugin; see <see cref="DnsSettings.Log"/>).</summary>
    /// <param name="enabled">True to log queries (off by default).</param>
    public ClusterBuilder LogDnsQueries(bool enabled = true)
    {
        _dns = _dns with { Log = enabled };
        return this;
    }

    /// <summary>Sets the subject fields beyond CN and O (C, ST, L, OU) on every certificate and CA (see <see cref="CertificateSubject"/>).</summary>
    /// <param name="subject">The fields; validation checks them (<c>pki.subject.*</c>).</param>
    public ClusterBuilder WithCertificateSubject(CertificateSubject subject)
    {
        _pki = _pki with { Subject = subject };
        return this;
    }

    /// <summary>Sets the PKI's key algorithm.</summary>
    /// <param name="algorithm">ECDSA P-256 (default) or RSA 2048.</param>
    public ClusterBuilder WithKeyAlgorithm(KeyAlgorithmChoice algorithm)
    {
        _pki = _pki with { KeyAlgorithm = algorithm };
        return this;
    }

    /// <summary>Changes the PKI settings.</summary>
    /// <param name="configure">Returns the new settings from the current ones.</param>
    public ClusterBuilder WithPki(Func<PkiSettings, PkiSettings> configure)
    {
        _pki = configure(_pki);
        return this;
    }

    /// <summary>Sets the SSH settings of every node that does not set its own.</summary>
    /// <param name="ssh">The default settings.</param>
    public ClusterBuilder WithSsh(SshSettings ssh)
    {
        _ssh = ssh;
        return this;
    }

    /// <summary>Sets the default SSH settings.</summary>
    /// <param name="identityFile">The private key file.</param>
    /// <param name="user">The user.</param>
    /// <param name="port">The port.</param>
    public ClusterBuilder WithSsh(string identityFile, string user = "root", int port = 22) =>
        WithSsh(new SshSettings { IdentityFile = identityFile, User = user, Port = port });

    /// <summary>
    /// Reaches every node with the system OpenSSH client (ssh_config, ssh-agent, hardware-token and default keys,
    /// ProxyJump), unless a node chooses otherwise. Without this, nodes with a key file use SSH.NET.
    /// </summary>
    public ClusterBuilder UseOpenSsh() => UseSshTransport(SshTransport.OpenSsh);

    /// <summary>Reaches every node with the in-process SSH.NET client (no <c>ssh</c> binary; needs a key file), unless a node chooses otherwise.</summary>
    public ClusterBuilder UseSshNet() => UseSshTransport(SshTransport.SshNet);

    /// <summary>Sets the SSH transport of every node that does not choose its own (kept when <see cref="WithSsh(SshSettings)"/> is called later).</summary>
    /// <param name="transport">OpenSSH, SSH.NET or Auto (SSH.NET with a key file, OpenSSH without).</param>
    public ClusterBuilder UseSshTransport(SshTransport transport)
    {
        _transport = transport;
        return this;
    }

    /// <summary>Sets where a binary comes from.</summary>
    /// <param name="binary">The binary name (see <see cref="KnownBinaries"/>).</param>
    /// <param name="source">The source.</param>
    public ClusterBuilder WithBinary(string binary, BinarySource source)
    {
        _binaries[binary] = source;
        return this;
    }

    /// <summary>
    /// Adds an extra command-line flag for one component (checked by validation against the flags the component
    /// removed or deprecated at the spec's version).
    /// </summary>
    /// <param name="component">The binary name: kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, etcd or flanneld.</param>
    /// <param name="flag">The flag name, with or without dashes.</param>
    /// <param name="value">Its value; empty renders a bare <c>--flag</c>.</param>
    public ClusterBuilder WithExtraArgs(string component, string flag, string value)
    {
        if (!_extraArgs.TryGetValue(component, out var args)) _extraArgs[component] = args = new SortedDictionary<string, string>(StringComparer.Ordinal);
        args[flag] = value;
        return this;
    }

    /// <summary>Adds names or addresses to the apiserver certificate (e.g. a public API name).</summary>
    /// <param name="sans">DNS names or IP addresses.</param>
    public ClusterBuilder WithApiServerSans(params string[] sans)
    {
        _endpoint = _endpoint with { ExtraSans = [.. _endpoint.ExtraSans, .. sans] };
        return this;
    }

    /// <summary>Encrypts Secrets at rest in etcd (aescbc; the key is generated once and kept 0600 in the PKI store).</summary>
    /// <param name="enabled">False turns it off again.</param>
    public ClusterBuilder EncryptSecretsAtRest(bool enabled = true)
    {
        _pki = _pki with { EncryptSecretsAtRest = enabled };
        return this;
    }

    /// <summary>Builds the immutable spec (not validated).</summary>
    public ClusterSpec Build() => new()
    {
        Name = _name,
        Nodes = _nodes.Select(n => n.Build(_ssh, _transport)).ToArray(),
        Versions = _versions,
        Network = _network,
        Flannel = _flannel,
        PodNetwork = _podNetwork,
        ContainerRuntime = _runtime,
        KubeProxy = _kubeProxy,
        Dns = _dns,
        ApiEndpoint = _endpoint,
        Pki = _pki,
        Binaries = new SortedDictionary<string, BinarySource>(_binaries, StringComparer.Ordinal),
        ExtraArgs = _extraArgs.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal),
    };
}
