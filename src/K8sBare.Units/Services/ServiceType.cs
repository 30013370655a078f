namespace K8sBare.Units.Services;

/// <summary>How the init system knows the service has started (systemd <c>Type=</c>).</summary>
public enum ServiceType
{
    /// <summary>Started as soon as the process is forked (<c>Type=simple</c>).</summary>
    Simple,

    /// <summary>Started once the binary was executed (<c>Type=exec</c>).</summary>
    Exec,

    /// <summary>The daemon reports readiness with sd_notify (<c>Type=notify</c>; etcd, containerd, flanneld, haproxy -Ws).</summary>
    Notify,

    /// <summary>The process forks and the parent exits (<c>Type=forking</c>; nginx).</summary>
    Forking,

    /// <summary>Runs once to completion (<c>Type=oneshot</c>).</summary>
    Oneshot,
}
