namespace K8sBare.Cluster.Apply;

/// <summary>A service that is installed and enabled but not running, and why.</summary>
/// <param name="Host">The host.</param>
/// <param name="Service">The service.</param>
/// <param name="Reason">e.g. <c>binary missing: /usr/local/bin/kubelet</c> or <c>failed to start: …</c>.</param>
public sealed record ServiceNotStarted(string Host, string Service, string Reason)
{
    /// <summary>"host/service: reason".</summary>
    public override string ToString() => $"{Host}/{Service}: not started: {Reason}";
}
