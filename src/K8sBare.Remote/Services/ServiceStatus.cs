namespace K8sBare.Remote.Services;

/// <summary>A service's state on a host.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Installed">True when the init system knows the service.</param>
/// <param name="Active">True when it runs (systemd <c>active</c>, OpenRC <c>started</c>).</param>
/// <param name="State">The init system's word for the state (<c>active</c>, <c>inactive</c>, <c>failed</c>, <c>started</c>, <c>stopped</c>, <c>crashed</c>, <c>unknown</c>).</param>
/// <param name="Enabled">True when enabled at boot.</param>
/// <param name="MainPid">The service's main process id when known and running: systemd's <c>MainPID</c>; OpenRC the pid in the pidfile openrc-run recorded, or under supervise-daemon (whose pidfile holds the supervisor) the supervisor's child.</param>
public sealed record ServiceStatus(string Name, bool Installed, bool Active, string State, bool Enabled, int? MainPid);
