using System.Text;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>nginx as a TCP (stream) load balancer in front of the apiservers; a self-contained nginx.conf run in the foreground.</summary>
public sealed record NginxLoadBalancerOptions : IComponentOptions
{
    /// <summary>Listen address (the VIP or 0.0.0.0).</summary>
    public string ListenAddress { get; init; } = "0.0.0.0";

    /// <summary>Listen port.</summary>
    public int Port { get; init; } = 6443;

    /// <summary>The apiservers.</summary>
    public required IReadOnlyList<ApiServerBackend> Backends { get; init; }

    /// <summary>
    /// The dynamic stream module to load (Debian's nginx-light builds stream as a module in libnginx-mod-stream);
    /// null when nginx has stream built in.
    /// </summary>
    public string? StreamModulePath { get; init; } = "/usr/lib/nginx/modules/ngx_stream_module.so";

    /// <summary>Config path.</summary>
    public string ConfigPath { get; init; } = "/etc/nginx/nginx.conf";

    /// <summary><c>pid</c> file.</summary>
    public string PidFile { get; init; } = "/run/nginx.pid";

    /// <summary><c>error_log</c> file.</summary>
    public string ErrorLog { get; init; } = "/var/log/nginx/error.log";

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/sbin/nginx";

    /// <summary>Failures before a backend is taken out.</summary>
    public int MaxFails { get; init; } = 3;

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(NginxLoadBalancerOptions));
        v.Ip(nameof(ListenAddress), ListenAddress);
        v.Port(nameof(Port), Port);
        LoadBalancerChecks.Backends(v, Backends);
        v.AbsolutePath(nameof(StreamModulePath), StreamModulePath, required: false);
        v.AbsolutePath(nameof(ConfigPath), ConfigPath);
        v.AbsolutePath(nameof(PidFile), PidFile);
        v.AbsolutePath(nameof(ErrorLog), ErrorLog);
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        if (MaxFails < 0) v.Add(nameof(MaxFails), "must be 0 or more.");
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        return ["-c", ConfigPath];
    }

    /// <summary>The nginx.conf text.</summary>
    public string RenderConfig()
    {
        UnitsException.ThrowIfAny(Validate());
        var sb = new StringBuilder();
        if (StreamModulePath is not null) sb.Append("load_module ").Append(StreamModulePath).Append(";\n");
        sb.Append("worker_processes auto;\ndaemon off;\n");
        sb.Append("pid ").Append(PidFile).Append(";\nerror_log ").Append(ErrorLog).Append(" warn;\n\n");
        sb.Append("events {\n    worker_connections 4096;\n}\n\n");
        sb.Append("stream {\n    upstream kube_apiserver {\n        least_conn;\n");
        foreach (var b in Backends)
            sb.Append("        server ").Append(LoadBalancerChecks.HostPort(b.Address, b.Port))
                .Append(" max_fails=").Append(HaproxyOptions.Num(MaxFails)).Append(" fail_timeout=10s;\n");
        sb.Append("    }\n\n    server {\n        listen ").Append(LoadBalancerChecks.HostPort(ListenAddress, Port)).Append(";\n");
        sb.Append("        proxy_pass kube_apiserver;\n        proxy_connect_timeout 2s;\n        proxy_timeout 1h;\n    }\n}\n");
        return sb.ToString();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "nginx",
        Description = "nginx TCP load balancer for the Kubernetes API",
        Documentation = ["https://nginx.org/en/docs/stream/ngx_stream_core_module.html"],
        PreStart = [new ExecCommand(BinaryPath, "-t", "-q", "-c", ConfigPath)],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Restart = RestartPolicy.Always,
        KillMode = KillMode.Mixed,
        Limits = new ServiceLimits { NoFile = 65536 },
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [new RenderedFile(ConfigPath, RenderConfig())];
}
