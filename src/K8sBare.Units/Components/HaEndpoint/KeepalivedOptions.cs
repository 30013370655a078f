using System.Globalization;
using System.Text;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// keepalived holding the API virtual IP (VRRP), with a health-check script that fails over when the local
/// load balancer / apiserver stops answering <c>/healthz</c> (kubeadm ha-considerations layout).
/// </summary>
public sealed record KeepalivedOptions : IComponentOptions
{
    /// <summary>The VIP in CIDR form, e.g. <c>10.0.0.100/24</c>.</summary>
    public required string VirtualIp { get; init; }

    /// <summary>The interface that carries the VIP.</summary>
    public required string Interface { get; init; }

    /// <summary>True on the preferred holder (<c>state MASTER</c> when <see cref="Preempt"/>), false elsewhere (<c>BACKUP</c>).</summary>
    public bool Primary { get; init; }

    /// <summary>
    /// Whether the primary takes the virtual IP back when it returns (<c>state MASTER</c> on the primary). False (the
    /// default) renders <c>state BACKUP</c> with <c>nopreempt</c> on every node (keepalived.conf(5): nopreempt needs the
    /// BACKUP initial state): the VIP stays with its holder until that holder fails, so a node that comes back — a
    /// restart, a replacement — does not cause a second failover that resets every client connection to the VIP.
    /// </summary>
    public bool Preempt { get; init; }

    /// <summary><c>priority</c> (higher wins; e.g. 101 on the primary, 100 on backups).</summary>
    public int Priority { get; init; } = 100;

    /// <summary><c>virtual_router_id</c> (1..255, unique per L2 segment).</summary>
    public int VirtualRouterId { get; init; } = 51;

    /// <summary><c>router_id</c> (usually the host name).</summary>
    public string RouterId { get; init; } = "k8s-lb";

    /// <summary>VRRP PASS authentication (at most 8 characters; secret); null disables it.</summary>
    public string? AuthPass { get; init; }

    /// <summary>The port the health check probes on localhost (the load balancer's or the apiserver's).</summary>
    public int CheckPort { get; init; } = 6443;

    /// <summary>The health-check script path.</summary>
    public string CheckScriptPath { get; init; } = "/etc/keepalived/check_apiserver.sh";

    /// <summary>Config path.</summary>
    public string ConfigPath { get; init; } = "/etc/keepalived/keepalived.conf";

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/sbin/keepalived";

    /// <summary>The curl binary the check script runs.</summary>
    public string CurlPath { get; init; } = "/usr/bin/curl";

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(KeepalivedOptions));
        v.Cidr(nameof(VirtualIp), VirtualIp is null ? null : ToNetwork(VirtualIp));
        if (VirtualIp is not null && !VirtualIp.Contains('/', StringComparison.Ordinal))
            v.Add(nameof(VirtualIp), $"'{VirtualIp}' needs a prefix length, e.g. {VirtualIp}/24.");
        if (string.IsNullOrWhiteSpace(Interface) || Interface.Length > 15 || !Interface.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
            v.Add(nameof(Interface), $"'{Interface}' is not a Linux interface name (1-15 characters).");
        if (Priority is < 1 or > 254) v.Add(nameof(Priority), "must be 1..254.");
        if (VirtualRouterId is < 1 or > 255) v.Add(nameof(VirtualRouterId), "must be 1..255.");
        if (string.IsNullOrWhiteSpace(RouterId) || RouterId.Any(char.IsWhiteSpace)) v.Add(nameof(RouterId), "must be one word.");
        if (AuthPass is not null && (AuthPass.Length is 0 or > 8 || AuthPass.Any(c => char.IsWhiteSpace(c) || c == '"')))
            v.Add(nameof(AuthPass), "must be 1-8 characters without blanks or quotes (value not shown).");
        v.Port(nameof(CheckPort), CheckPort);
        v.AbsolutePath(nameof(CheckScriptPath), CheckScriptPath);
        v.AbsolutePath(nameof(ConfigPath), ConfigPath);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        v.AbsolutePath(nameof(CurlPath), CurlPath);
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        return ["--dont-fork", "--log-console", "--use-file", ConfigPath];
    }

    /// <summary>keepalived.conf.</summary>
    public string RenderConfig()
    {
        UnitsException.ThrowIfAny(Validate());
        var n = (int i) => i.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("global_defs {\n    router_id ").Append(RouterId).Append("\n    enable_script_security\n    script_user root\n}\n\n");
        sb.Append("vrrp_script check_apiserver {\n    script \"").Append(CheckScriptPath).Append("\"\n");
        sb.Append("    interval 3\n    timeout 5\n    fall 3\n    rise 2\n}\n\n");
        sb.Append("vrrp_instance VI_KUBE_API {\n    state ").Append(Primary && Preempt ? "MASTER" : "BACKUP").Append('\n');
        if (!Preempt) sb.Append("    nopreempt\n");
        sb.Append("    interface ").Append(Interface).Append('\n');
        sb.Append("    virtual_router_id ").Append(n(VirtualRouterId)).Append('\n');
        sb.Append("    priority ").Append(n(Priority)).Append('\n');
        sb.Append("    advert_int 1\n");
        if (AuthPass is not null)
            sb.Append("    authentication {\n        auth_type PASS\n        auth_pass ").Append(AuthPass).Append("\n    }\n");
        sb.Append("    virtual_ipaddress {\n        ").Append(VirtualIp).Append('\n').Append("    }\n");
        sb.Append("    track_script {\n        check_apiserver\n    }\n}\n");
        return sb.ToString();
    }

    /// <summary>The health-check script (POSIX sh): fails when <c>https://localhost:port/healthz</c> does not answer 200.</summary>
    public string RenderCheckScript()
    {
        UnitsException.ThrowIfAny(Validate());
        var url = $"https://127.0.0.1:{CheckPort.ToString(CultureInfo.InvariantCulture)}/healthz";
        return "#!/bin/sh\n" +
               "# keepalived health check for the Kubernetes API endpoint (generated by K8sBare).\n" +
               "set -u\n\n" +
               "fail() {\n\techo \"*** $*\" >&2\n\texit 1\n}\n\n" +
               $"{OpenRc.ShellQuoting.Word(CurlPath)} --silent --fail --insecure --max-time 2 --output /dev/null {url} \\\n" +
               $"\t|| fail \"GET {url} failed\"\n";
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "keepalived",
        Description = "keepalived VRRP holder of the Kubernetes API virtual IP",
        Documentation = ["https://keepalived.readthedocs.io/"],
        PreStart = [new ExecCommand(BinaryPath, "--config-test", "--use-file", ConfigPath)],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Restart = RestartPolicy.Always,
        KillMode = KillMode.Process,
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() =>
    [
        new RenderedFile(ConfigPath, RenderConfig()),
        new RenderedFile(CheckScriptPath, RenderCheckScript(), RenderedFile.ExecutableMode),
    ];

    private static string? ToNetwork(string vip)
    {
        var slash = vip.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !System.Net.IPAddress.TryParse(vip[..slash], out var ip)
            || !int.TryParse(vip[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
            return "invalid";
        var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        return prefix > max ? "invalid" : new System.Net.IPNetwork(MaskAddress(ip, prefix), prefix).ToString();
    }

    private static System.Net.IPAddress MaskAddress(System.Net.IPAddress ip, int prefix)
    {
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }
        return new System.Net.IPAddress(bytes);
    }
}
