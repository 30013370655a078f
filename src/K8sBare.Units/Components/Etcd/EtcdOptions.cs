using K8sBare.Units.Flags;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// etcd member options (components.md §10). Build one with <see cref="ForMember"/> for the usual layout,
/// then <see cref="ComponentRendering.Render"/> it.
/// </summary>
public sealed record EtcdOptions : IComponentOptions
{
    /// <summary>The etcd version the flags target (3.5 by default; 3.6 rejects the v2 flags).</summary>
    public Version EtcdVersion { get; init; } = new(3, 5);

    /// <summary><c>--name</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>--data-dir</c>.</summary>
    public string DataDir { get; init; } = "/var/lib/etcd";

    /// <summary><c>--initial-advertise-peer-urls</c>.</summary>
    public required IReadOnlyList<string> InitialAdvertisePeerUrls { get; init; }

    /// <summary><c>--listen-peer-urls</c>.</summary>
    public required IReadOnlyList<string> ListenPeerUrls { get; init; }

    /// <summary><c>--listen-client-urls</c>.</summary>
    public required IReadOnlyList<string> ListenClientUrls { get; init; }

    /// <summary><c>--advertise-client-urls</c>.</summary>
    public required IReadOnlyList<string> AdvertiseClientUrls { get; init; }

    /// <summary><c>--listen-metrics-urls</c> (optional, e.g. <c>http://127.0.0.1:2381</c>).</summary>
    public IReadOnlyList<string> ListenMetricsUrls { get; init; } = [];

    /// <summary><c>--initial-cluster</c>: every member including this one.</summary>
    public required IReadOnlyList<EtcdMember> InitialCluster { get; init; }

    /// <summary><c>--initial-cluster-state</c>.</summary>
    public EtcdClusterState InitialClusterState { get; init; } = EtcdClusterState.New;

    /// <summary><c>--initial-cluster-token</c>.</summary>
    public string InitialClusterToken { get; init; } = "etcd-cluster";

    /// <summary>TLS files; null runs plain HTTP (loopback-only setups, tests).</summary>
    public EtcdTlsOptions? Tls { get; init; }

    /// <summary>User-supplied flags (without or with dashes); they replace typed flags of the same name.</summary>
    public IReadOnlyDictionary<string, string> ExtraArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The etcd binary.</summary>
    public string BinaryPath { get; init; } = "/usr/local/bin/etcd";

    /// <summary>Run as this user (null: root).</summary>
    public string? User { get; init; }

    /// <summary>The usual layout for a member at <paramref name="ip"/>: peer on 2380, clients on 2379 plus loopback, https when <paramref name="tls"/> is set.</summary>
    /// <param name="name">This member's <c>--name</c>; must match its entry in <paramref name="cluster"/>.</param>
    /// <param name="ip">The member's IPv4 or IPv6 address (not a host name; IPv6 is bracketed in the URLs). <c>127.0.0.1</c> listens on loopback only.</param>
    /// <param name="cluster">Every initial member with its peer URL (<c>--initial-cluster</c>), this one included.</param>
    /// <param name="tls">Server, peer and CA file paths; null renders plain http URLs (only for a throw-away local member).</param>
    /// <param name="state"><see cref="EtcdClusterState.New"/> when bootstrapping, <see cref="EtcdClusterState.Existing"/> after <c>etcdctl member add</c> (<c>--initial-cluster-state</c>).</param>
    /// <returns>Options with the ports of the etcd clustering guide (2379 client, 2380 peer); not validated here (see <see cref="Validate"/>).</returns>
    public static EtcdOptions ForMember(string name, string ip, IReadOnlyList<EtcdMember> cluster, EtcdTlsOptions? tls,
        EtcdClusterState state = EtcdClusterState.New)
    {
        var scheme = tls is null ? "http" : "https";
        var host = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
        return new EtcdOptions
        {
            Name = name,
            InitialAdvertisePeerUrls = [$"{scheme}://{host}:2380"],
            ListenPeerUrls = [$"{scheme}://{host}:2380"],
            ListenClientUrls = ip == "127.0.0.1" ? [$"{scheme}://127.0.0.1:2379"] : [$"{scheme}://{host}:2379", $"{scheme}://127.0.0.1:2379"],
            AdvertiseClientUrls = [$"{scheme}://{host}:2379"],
            InitialCluster = cluster,
            InitialClusterState = state,
            Tls = tls,
        };
    }

    /// <summary>The <c>--initial-cluster</c> value.</summary>
    public string InitialClusterValue => string.Join(',', InitialCluster.Select(m => m.ToString()));

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(EtcdOptions));
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => c is ',' or '=' || char.IsWhiteSpace(c)))
            v.Add(nameof(Name), $"'{Name}' is not a valid member name; it must be non-empty without ',', '=' or blanks.");
        v.AbsolutePath(nameof(DataDir), DataDir);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        var schemes = Tls is null ? new[] { "http", "https" } : ["https"];
        CheckUrls(v, nameof(InitialAdvertisePeerUrls), InitialAdvertisePeerUrls, schemes, Tls is not null);
        CheckUrls(v, nameof(ListenPeerUrls), ListenPeerUrls, schemes, Tls is not null);
        CheckUrls(v, nameof(ListenClientUrls), ListenClientUrls, schemes, Tls is not null);
        CheckUrls(v, nameof(AdvertiseClientUrls), AdvertiseClientUrls, schemes, Tls is not null);
        for (var i = 0; i < ListenMetricsUrls.Count; i++) v.Url($"{nameof(ListenMetricsUrls)}[{i}]", ListenMetricsUrls[i], "http", "https");
        if (InitialCluster.Count == 0) v.Add(nameof(InitialCluster), "must list at least this member.");
        for (var i = 0; i < InitialCluster.Count; i++)
        {
            v.NotEmpty($"{nameof(InitialCluster)}[{i}].Name", InitialCluster[i].Name);
            v.Url($"{nameof(InitialCluster)}[{i}].PeerUrl", InitialCluster[i].PeerUrl, schemes);
        }
        foreach (var dup in InitialCluster.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            v.Add(nameof(InitialCluster), $"member name '{dup.Key}' appears {dup.Count()} times; names must be unique.");
        if (InitialCluster.Count > 0 && !InitialCluster.Any(m => string.Equals(m.Name, Name, StringComparison.Ordinal)))
            v.Add(nameof(InitialCluster), $"does not contain this member '{Name}'; add {Name}=<its peer URL> (after 'etcdctl member add', copy ETCD_INITIAL_CLUSTER verbatim).");
        else if (InitialCluster.FirstOrDefault(m => m.Name == Name) is { } self && InitialAdvertisePeerUrls.Count > 0
                 && !InitialAdvertisePeerUrls.Contains(self.PeerUrl, StringComparer.Ordinal))
            v.Add(nameof(InitialCluster), $"lists {self} but InitialAdvertisePeerUrls is {string.Join(',', InitialAdvertisePeerUrls)}; they must match or etcd fails with 'unmatched member while checking PeerURLs'.");
        v.NotEmpty(nameof(InitialClusterToken), InitialClusterToken);
        if (Tls is { } t)
        {
            v.AbsolutePath("Tls.TrustedCaFile", t.TrustedCaFile);
            v.AbsolutePath("Tls.CertFile", t.CertFile);
            v.AbsolutePath("Tls.KeyFile", t.KeyFile);
            v.AbsolutePath("Tls.PeerTrustedCaFile", t.PeerTrustedCaFile);
            v.AbsolutePath("Tls.PeerCertFile", t.PeerCertFile);
            v.AbsolutePath("Tls.PeerKeyFile", t.PeerKeyFile);
        }
        v.AddRange(FlagList.CheckExtraArgs(nameof(EtcdOptions), ComponentKind.Etcd, EtcdVersion, ExtraArgs));
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        var f = new FlagList()
            .Add("name", Name)
            .Add("data-dir", DataDir)
            .Add("initial-advertise-peer-urls", InitialAdvertisePeerUrls)
            .Add("listen-peer-urls", ListenPeerUrls)
            .Add("listen-client-urls", ListenClientUrls)
            .Add("advertise-client-urls", AdvertiseClientUrls)
            .Add("listen-metrics-urls", ListenMetricsUrls)
            .Add("initial-cluster-token", InitialClusterToken)
            .Add("initial-cluster", InitialClusterValue)
            .Add("initial-cluster-state", InitialClusterState == EtcdClusterState.New ? "new" : "existing");
        if (Tls is { } t)
        {
            f.Add("client-cert-auth", t.ClientCertAuth)
                .Add("trusted-ca-file", t.TrustedCaFile)
                .Add("cert-file", t.CertFile)
                .Add("key-file", t.KeyFile)
                .Add("peer-client-cert-auth", t.PeerClientCertAuth)
                .Add("peer-trusted-ca-file", t.PeerTrustedCaFile)
                .Add("peer-cert-file", t.PeerCertFile)
                .Add("peer-key-file", t.PeerKeyFile);
        }
        return f.Merge(ExtraArgs).ToArgs();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "etcd",
        Description = "etcd key-value store",
        Documentation = ["https://etcd.io/docs/"],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Type = ServiceType.Notify,
        Restart = RestartPolicy.OnFailure,
        RestartSeconds = 5,
        User = User,
        Limits = new ServiceLimits { NoFile = 40000 },
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [];

    private static void CheckUrls(ProblemList v, string option, IReadOnlyList<string> urls, string[] schemes, bool tls)
    {
        if (urls.Count == 0) v.Add(option, "needs at least one URL.");
        for (var i = 0; i < urls.Count; i++)
        {
            if (tls && urls[i].StartsWith("http://", StringComparison.Ordinal))
                v.Add($"{option}[{i}]", $"'{urls[i]}' is plain http but Tls is set; use https:// (or set Tls = null for a plain-HTTP member).");
            else
                v.Url($"{option}[{i}]", urls[i], schemes);
        }
    }
}
