using System.Globalization;
using System.Text;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// CoreDNS (≥ 1.11) running as a host service (components.md §9): a Corefile with the kubernetes plugin reading a
/// kubeconfig, forward, cache, health and ready. No <c>proxy</c>/<c>upstream</c> (gone since 1.5/1.7).
/// </summary>
public sealed record CoreDnsOptions : IComponentOptions
{
    /// <summary>Where the Corefile goes (<c>-conf</c>).</summary>
    public string CorefilePath { get; init; } = "/etc/coredns/Corefile";

    /// <summary>The kubeconfig CoreDNS uses (its cert CN must be bound to <c>system:coredns</c>; see <see cref="RbacManifests.CoreDns"/>).</summary>
    public string Kubeconfig { get; init; } = "/etc/coredns/kubeconfig";

    /// <summary>Addresses to bind (<c>bind</c> plugin); empty binds all. Bind the clusterDNS IP and/or host IPs.</summary>
    public IReadOnlyList<string> BindAddresses { get; init; } = [];

    /// <summary>DNS port.</summary>
    public int Port { get; init; } = 53;

    /// <summary>The cluster domain.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Reverse zones served by the kubernetes plugin.</summary>
    public IReadOnlyList<string> ReverseZones { get; init; } = ["in-addr.arpa", "ip6.arpa"];

    /// <summary><c>health</c> listen address.</summary>
    public string HealthListen { get; init; } = ":8080";

    /// <summary><c>ready</c> listen address.</summary>
    public string ReadyListen { get; init; } = ":8181";

    /// <summary><c>prometheus</c> listen address (null: no metrics).</summary>
    public string? PrometheusListen { get; init; } = ":9153";

    /// <summary><c>forward .</c> targets.</summary>
    public IReadOnlyList<string> Forward { get; init; } = ["/etc/resolv.conf"];

    /// <summary><c>cache</c> seconds.</summary>
    public int CacheSeconds { get; init; } = 30;

    /// <summary>kubernetes plugin <c>ttl</c>.</summary>
    public int Ttl { get; init; } = 30;

    /// <summary><c>pods insecure</c> (kube-dns compatible pod records).</summary>
    public bool PodsInsecure { get; init; } = true;

    /// <summary>
    /// Log every query (the <c>log</c> plugin, Common Log Format-like lines on standard output; coredns.io/plugins/log).
    /// Default false: <c>errors</c> alone, as the upstream default Corefile.
    /// </summary>
    public bool Log { get; init; }

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/local/bin/coredns";

    /// <summary>Run as this user (null: root). A non-root user gets CAP_NET_BIND_SERVICE for port 53.</summary>
    public string? User { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(CoreDnsOptions));
        v.AbsolutePath(nameof(CorefilePath), CorefilePath);
        v.AbsolutePath(nameof(Kubeconfig), Kubeconfig);
        for (var i = 0; i < BindAddresses.Count; i++) v.Ip($"{nameof(BindAddresses)}[{i}]", BindAddresses[i]);
        v.Port(nameof(Port), Port);
        if (string.IsNullOrWhiteSpace(ClusterDomain) || ClusterDomain.Any(c => char.IsWhiteSpace(c) || c is '{' or '}'))
            v.Add(nameof(ClusterDomain), $"'{ClusterDomain}' is not a DNS domain.");
        CheckListen(v, nameof(HealthListen), HealthListen);
        CheckListen(v, nameof(ReadyListen), ReadyListen);
        if (PrometheusListen is not null) CheckListen(v, nameof(PrometheusListen), PrometheusListen);
        if (Forward.Count == 0) v.Add(nameof(Forward), "needs at least one upstream (a resolv.conf path or an IP).");
        foreach (var f in Forward.Where(f => !f.StartsWith('/') && !System.Net.IPAddress.TryParse(f.Split(':')[0], out _) && !f.StartsWith("tls://", StringComparison.Ordinal)))
            v.Add(nameof(Forward), $"'{f}' is neither a resolv.conf path, an IP[:port] nor tls://…");
        if (CacheSeconds < 0) v.Add(nameof(CacheSeconds), "must be 0 or more.");
        if (Ttl is < 0 or > 3600) v.Add(nameof(Ttl), "must be 0..3600.");
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        return ["-conf", CorefilePath];
    }

    /// <summary>The Corefile text.</summary>
    public string RenderCorefile()
    {
        UnitsException.ThrowIfAny(Validate());
        var sb = new StringBuilder();
        sb.Append(".:").Append(Port.ToString(CultureInfo.InvariantCulture)).Append(" {\n");
        if (BindAddresses.Count > 0) sb.Append("    bind ").Append(string.Join(' ', BindAddresses)).Append('\n');
        sb.Append("    errors\n");
        if (Log) sb.Append("    log\n");
        sb.Append("    health ").Append(HealthListen).Append('\n');
        sb.Append("    ready ").Append(ReadyListen).Append('\n');
        sb.Append("    kubernetes ").Append(ClusterDomain);
        foreach (var z in ReverseZones) sb.Append(' ').Append(z);
        sb.Append(" {\n");
        sb.Append("        kubeconfig ").Append(Kubeconfig).Append('\n');
        if (PodsInsecure) sb.Append("        pods insecure\n");
        if (ReverseZones.Count > 0) sb.Append("        fallthrough ").Append(string.Join(' ', ReverseZones)).Append('\n');
        sb.Append("        ttl ").Append(Ttl.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("    }\n");
        if (PrometheusListen is not null) sb.Append("    prometheus ").Append(PrometheusListen).Append('\n');
        sb.Append("    forward . ").Append(string.Join(' ', Forward)).Append('\n');
        sb.Append("    cache ").Append(CacheSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("    loop\n    reload\n    loadbalance\n}\n");
        return sb.ToString();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "coredns",
        Description = "CoreDNS DNS server for the cluster",
        Documentation = ["https://coredns.io"],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Restart = RestartPolicy.OnFailure,
        User = User,
        AmbientCapabilities = User is null ? [] : ["CAP_NET_BIND_SERVICE"],
        Limits = new ServiceLimits { NoFile = 1048576 },
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [new RenderedFile(CorefilePath, RenderCorefile())];

    private static void CheckListen(ProblemList v, string option, string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            v.Add(option, $"'{listen}' is not [host]:port, e.g. :8080.");
            return;
        }
        v.Port(option, port);
    }
}
