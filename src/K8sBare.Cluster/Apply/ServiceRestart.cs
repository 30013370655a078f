namespace K8sBare.Cluster.Apply;

/// <summary>
/// A service start or restart an apply performed, recorded when the init system's start or restart command
/// returned successfully (not derived from the file changes that caused it).
/// </summary>
/// <param name="Phase">The phase that started or restarted the service.</param>
/// <param name="Host">The host.</param>
/// <param name="Service">The service (systemd unit or OpenRC script name).</param>
/// <param name="Started">True when a stopped service was started; false when a running service was restarted.</param>
public sealed record ServiceRestart(ApplyPhase Phase, string Host, string Service, bool Started)
{
    /// <summary>"host/service: started" or "host/service: restarted".</summary>
    public override string ToString() => $"{Host}/{Service}: {(Started ? "started" : "restarted")}";
}
