using K8sBare.Cluster.Inventory.Documents;
using K8sBare.Cluster.Validation;

namespace K8sBare.Cluster.Inventory;

/// <summary>Maps the YAML documents onto the spec, collecting shape problems.</summary>
internal sealed class InventoryMapper(string? baseDirectory, InventoryBinder binder)
{
    private static readonly Dictionary<string, NodeRoles> RoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["control-plane"] = NodeRoles.ControlPlane, ["controlplane"] = NodeRoles.ControlPlane, ["master"] = NodeRoles.ControlPlane,
        ["etcd"] = NodeRoles.Etcd, ["worker"] = NodeRoles.Worker, ["node"] = NodeRoles.Worker,
    };

    private static readonly Dictionary<string, InitSystem> InitWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["systemd"] = InitSystem.Systemd, ["openrc"] = InitSystem.OpenRc,
    };

    private static readonly Dictionary<string, FlannelBackend> BackendWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["vxlan"] = FlannelBackend.Vxlan, ["host-gw"] = FlannelBackend.HostGw, ["wireguard"] = FlannelBackend.WireGuard,
    };

    private static readonly Dictionary<string, CoreDnsPlacement> DnsWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["workers"] = CoreDnsPlacement.HostServiceOnWorkers, ["control-plane"] = CoreDnsPlacement.HostServiceOnControlPlane, ["none"] = CoreDnsPlacement.None,
    };

    private static readonly Dictionary<string, ApiEndpointMode> ModeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["first-control-plane"] = ApiEndpointMode.FirstControlPlane, ["external-lb"] = ApiEndpointMode.ExternalLoadBalancer,
        ["local-proxy"] = ApiEndpointMode.LocalProxy, ["keepalived-vip"] = ApiEndpointMode.KeepalivedVip,
        ["dns-round-robin"] = ApiEndpointMode.DnsRoundRobin,
    };

    private static readonly Dictionary<string, KeyAlgorithmChoice> KeyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ecdsa-p256"] = KeyAlgorithmChoice.EcdsaP256, ["rsa-2048"] = KeyAlgorithmChoice.Rsa2048,
    };

    public ClusterSpec Map(InventoryDocument doc)
    {
        var spec = new ClusterSpec { Name = doc.Name ?? "kubernetes" };
        spec = spec with
        {
            Versions = MapVersions(doc.Versions),
            Network = MapNetwork(doc.Network),
            Flannel = MapFlannel(doc.Flannel),
            Dns = MapDns(doc.Dns),
            ApiEndpoint = MapEndpoint(doc.ApiEndpoint),
            Pki = MapPki(doc.Pki),
            Binaries = MapBinaries(doc.Binaries),
            ExtraArgs = MapExtraArgs(doc.ExtraArgs),
        };
        var defaultSsh = MapSsh(doc.Ssh, new SshSettings(), "ssh");
        var nodes = new List<NodeSpec>();
        for (var i = 0; i < (doc.Nodes?.Count ?? 0); i++) nodes.Add(MapNode(doc.Nodes![i], i, defaultSsh));
        return spec with { Nodes = nodes };
    }

    private static ComponentVersions MapVersions(VersionsDocument? d)
    {
        var v = new ComponentVersions();
        if (d is null) return v;
        return v with
        {
            Kubernetes = d.Kubernetes ?? v.Kubernetes,
            Etcd = d.Etcd ?? v.Etcd,
            Containerd = d.Containerd ?? v.Containerd,
            Flannel = d.Flannel ?? v.Flannel,
            CoreDns = d.CoreDns ?? v.CoreDns,
            CniPlugins = d.CniPlugins ?? v.CniPlugins,
        };
    }

    private static SortedDictionary<string, IReadOnlyDictionary<string, string>> MapExtraArgs(Dictionary<string, Dictionary<string, string>>? d)
    {
        var result = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (component, args) in d ?? [])
            result[component] = new SortedDictionary<string, string>(args, StringComparer.Ordinal);
        return result;
    }

    private ClusterNetwork MapNetwork(NetworkDocument? d)
    {
        var n = new ClusterNetwork();
        if (d is null) return n;
        return n with
        {
            PodCidr = d.PodCidr ?? n.PodCidr,
            ServiceCidr = d.ServiceCidr ?? n.ServiceCidr,
            NodeSubnetLength = d.NodeSubnetLength ?? n.NodeSubnetLength,
            ClusterDomain = d.ClusterDomain ?? n.ClusterDomain,
            DnsServiceIp = d.DnsServiceIp ?? n.DnsServiceIp,
            NodeCidrs = d.NodeCidrs ?? [],
            SharedLayer2 = d.SharedLayer2 ?? n.SharedLayer2,
        };
    }

    private FlannelSettings MapFlannel(FlannelDocument? d)
    {
        var f = new FlannelSettings();
        if (d is null) return f;
        return f with
        {
            Backend = Word(d.Backend, BackendWords, "flannel.backend", f.Backend),
            EtcdPrefix = d.EtcdPrefix ?? f.EtcdPrefix,
            Interface = d.Interface,
            IpMasquerade = d.IpMasquerade ?? f.IpMasquerade,
            Vni = d.Vni,
            Port = d.Port,
            SubnetMin = d.SubnetMin,
            SubnetMax = d.SubnetMax,
        };
    }

    private DnsSettings MapDns(DnsDocument? d)
    {
        var s = new DnsSettings();
        if (d is null) return s;
        return s with { Placement = Word(d.Placement, DnsWords, "dns.placement", s.Placement), Upstream = d.Upstream ?? s.Upstream, Log = d.Log ?? s.Log };
    }

    private ApiEndpoint MapEndpoint(ApiEndpointDocument? d)
    {
        var e = new ApiEndpoint();
        if (d is null) return e;
        return e with
        {
            Mode = Word(d.Mode, ModeWords, "apiEndpoint.mode", e.Mode),
            Host = d.Host,
            VirtualIp = d.VirtualIp,
            Port = d.Port ?? e.Port,
            LocalProxyPort = d.LocalProxyPort ?? e.LocalProxyPort,
            VirtualIpPrefixLength = d.VirtualIpPrefixLength ?? e.VirtualIpPrefixLength,
            Interface = d.Interface ?? e.Interface,
            ExtraSans = d.ExtraSans ?? [],
        };
    }

    private PkiSettings MapPki(PkiDocument? d)
    {
        var p = new PkiSettings();
        if (d is null) return p;
        return p with
        {
            KeyAlgorithm = Word(d.KeyAlgorithm, KeyWords, "pki.keyAlgorithm", p.KeyAlgorithm),
            CertificateValidity = d.CertificateValidityDays is { } c ? Days(c) : p.CertificateValidity,
            CaValidity = d.CaValidityDays is { } ca ? Days(ca) : p.CaValidity,
            EncryptSecretsAtRest = d.EncryptSecretsAtRest ?? p.EncryptSecretsAtRest,
            Subject = d.Subject is { } s
                ? new CertificateSubject { Country = s.Country, Province = s.Province, Locality = s.Locality, OrganizationalUnit = s.OrganizationalUnit }
                : p.Subject,
        };
    }

    /// <summary>Days as a TimeSpan, saturating instead of overflowing (validation then reports the absurd value).</summary>
    private static TimeSpan Days(int days) =>
        Math.Abs((double)days) >= TimeSpan.MaxValue.TotalDays ? (days > 0 ? TimeSpan.MaxValue : TimeSpan.MinValue) : TimeSpan.FromDays(days);

    private static readonly Dictionary<string, SshTransport> TransportWords = new(StringComparer.Ordinal)
    {
        ["auto"] = SshTransport.Auto,
        ["openssh"] = SshTransport.OpenSsh,
        ["sshnet"] = SshTransport.SshNet,
    };

    private SshSettings MapSsh(SshDocument? d, SshSettings fallback, string at)
    {
        if (d is null) return fallback;
        return fallback with
        {
            Transport = Word(d.Transport, TransportWords, at + ".transport", fallback.Transport),
            User = d.User ?? fallback.User,
            Port = d.Port ?? fallback.Port,
            IdentityFile = Resolve(d.IdentityFile, at + ".identityFile") ?? fallback.IdentityFile,
            KnownHostsFile = Resolve(d.KnownHostsFile, at + ".knownHostsFile") ?? fallback.KnownHostsFile,
            Host = d.Host ?? fallback.Host,
        };
    }

    private SortedDictionary<string, BinarySource> MapBinaries(Dictionary<string, BinaryDocument>? d)
    {
        var result = new SortedDictionary<string, BinarySource>(StringComparer.Ordinal);
        if (d is null) return result;
        foreach (var (name, b) in d)
        {
            var given = new[] { b.File, b.Url, b.OnHost }.Count(x => x is not null);
            if (given != 1)
            {
                binder.Add($"binaries.{name}", "Give exactly one of 'file', 'url' (with 'sha256') or 'onHost'.", $"e.g. '{name}: {{ file: /usr/bin/{name} }}'.", ProblemCodes.BinarySourceAmbiguous);
                continue;
            }

            result[name] = b.File is not null ? new BinarySource { Kind = BinarySourceKind.LocalFile, LocalPath = Resolve(b.File, $"binaries.{name}.file"), Sha256 = b.Sha256 }
                : b.Url is not null ? new BinarySource { Kind = BinarySourceKind.Url, Url = b.Url, Sha256 = b.Sha256 }
                : BinarySource.OnHostAt(b.OnHost!);
        }

        return result;
    }

    private NodeSpec MapNode(NodeDocument d, int i, SshSettings defaultSsh)
    {
        var addresses = new List<string>();
        if (d.Address is not null) addresses.Add(d.Address);
        if (d.Addresses is not null) addresses.AddRange(d.Addresses.Where(a => a != d.Address));
        var roles = NodeRoles.None;
        foreach (var r in d.Roles ?? [])
        {
            if (RoleWords.TryGetValue(r, out var role)) roles |= role;
            else binder.Add($"nodes[{i}].roles", $"Unknown role '{r}'.", "Use control-plane, etcd or worker.", ProblemCodes.UnknownValue);
        }

        return new NodeSpec
        {
            Name = d.Name ?? "",
            HostName = d.HostName,
            Addresses = addresses,
            Roles = roles,
            InitSystem = Word(d.Init, InitWords, $"nodes[{i}].init", InitSystem.Systemd),
            Architecture = d.Arch ?? "amd64",
            ResolvConf = d.ResolvConf,
            Ssh = MapSsh(d.Ssh, defaultSsh, $"nodes[{i}].ssh"),
            Labels = new SortedDictionary<string, string>(d.Labels ?? [], StringComparer.Ordinal),
        };
    }

    private T Word<T>(string? word, Dictionary<string, T> words, string field, T fallback)
    {
        if (word is null) return fallback;
        if (words.TryGetValue(word, out var value)) return value;
        binder.Add(field, $"Unknown value '{word}'.", $"Use one of {string.Join(", ", words.Keys)}.", ProblemCodes.UnknownValue);
        return fallback;
    }

    /// <summary>
    /// A local path from the inventory: absolute and <c>~/</c> paths as written (the author named that file
    /// explicitly); a relative path resolved against the inventory's folder and confined to it — one that leaves it
    /// through <c>..</c> is refused (every path built from input stays under its root).
    /// </summary>
    private string? Resolve(string? path, string field)
    {
        if (path is null || baseDirectory is null || path.StartsWith('~') || Path.IsPathRooted(path)) return path;
        var root = Path.GetFullPath(baseDirectory);
        var full = Path.GetFullPath(Path.Combine(root, path));
        var relative = Path.GetRelativePath(root, full);
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            binder.Add(field, $"'{path}' leaves the inventory's folder ({root}): relative paths are confined to it.",
                $"Put the file in the inventory's folder (or below it), or write its absolute path if it belongs elsewhere, e.g. '{field.Split('.')[^1]}: {full}'.",
                ProblemCodes.InventoryPathEscapes);
            return null;
        }

        return full;
    }
}
