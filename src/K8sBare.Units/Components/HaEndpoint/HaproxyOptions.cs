using System.Globalization;
using System.Text;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// haproxy as a TCP load balancer in front of the apiservers, with an HTTPS /healthz check per backend; its
/// connection limit follows the open-files limit of the host it runs on.
/// </summary>
public sealed record HaproxyOptions : IComponentOptions
{
    /// <summary>Frontend bind address (the VIP or 0.0.0.0).</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>Frontend port.</summary>
    public int Port { get; init; } = 6443;

    /// <summary>The apiservers.</summary>
    public required IReadOnlyList<ApiServerBackend> Backends { get; init; }

    /// <summary>Config path.</summary>
    public string ConfigPath { get; init; } = "/etc/haproxy/haproxy.cfg";

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/sbin/haproxy";

    /// <summary>Client/server idle timeout (long, for watches).</summary>
    public string IdleTimeout { get; init; } = "1h";

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(HaproxyOptions));
        v.Ip(nameof(BindAddress), BindAddress);
        v.Port(nameof(Port), Port);
        LoadBalancerChecks.Backends(v, Backends);
        v.AbsolutePath(nameof(ConfigPath), ConfigPath);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        if (!LoadBalancerChecks.IsDuration(IdleTimeout)) v.Add(nameof(IdleTimeout), $"'{IdleTimeout}' is not a duration like 30s, 10m or 1h.");
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        return ["-Ws", "-f", ConfigPath];
    }

    /// <summary>The haproxy.cfg text.</summary>
    public string RenderConfig()
    {
        UnitsException.ThrowIfAny(Validate());
        var sb = new StringBuilder();
        // No fixed maxconn: haproxy then sizes it to the open-files limit it is given (haproxy.cfg "maxconn": computed
        // from the limit when unset). A fixed maxconn N makes haproxy raise the limit to about 2N at start and refuse
        // to start where the hard limit is lower ("Cannot raise FD limit"), as on hosts and containers with a
        // hardened nofile limit.
        sb.Append("global\n    log /dev/log local0\n\n");
        sb.Append("defaults\n    mode tcp\n    log global\n    option tcplog\n    option dontlognull\n");
        // A connection sent to an apiserver that died since its last health check is retried on another one (redispatch),
        // after a connect timeout as short as the local proxy's (nginx proxy_connect_timeout 2s): clients see a delay,
        // not an error, until the checks take the server out.
        sb.Append("    option redispatch\n    retries 3\n    timeout connect 2s\n");
        sb.Append("    timeout client ").Append(IdleTimeout).Append("\n    timeout server ").Append(IdleTimeout).Append('\n');
        sb.Append("    timeout check 5s\n\n");
        sb.Append("frontend kube-apiserver\n    bind ").Append(LoadBalancerChecks.HostPort(BindAddress, Port)).Append('\n');
        sb.Append("    default_backend kube-apiserver\n\n");
        sb.Append("backend kube-apiserver\n    balance roundrobin\n    option httpchk\n");
        sb.Append("    http-check connect ssl\n    http-check send meth GET uri /healthz\n    http-check expect status 200\n");
        sb.Append("    default-server inter 5s downinter 5s rise 2 fall 3\n");
        foreach (var b in Backends)
            sb.Append("    server ").Append(b.Name).Append(' ').Append(LoadBalancerChecks.HostPort(b.Address, b.Port)).Append(" check verify none\n");
        return sb.ToString();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "haproxy",
        Description = "HAProxy load balancer for the Kubernetes API",
        Documentation = ["https://docs.haproxy.org/"],
        PreStart = [new ExecCommand(BinaryPath, "-c", "-q", "-f", ConfigPath)],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Type = ServiceType.Notify,
        KillMode = KillMode.Mixed,
        Restart = RestartPolicy.Always,
        Limits = new ServiceLimits { NoFile = 65536 },
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [new RenderedFile(ConfigPath, RenderConfig())];

    internal static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
