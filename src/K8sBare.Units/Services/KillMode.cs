namespace K8sBare.Units.Services;

/// <summary>Which processes systemd kills when the service stops (<c>KillMode=</c>).</summary>
public enum KillMode
{
    /// <summary>Every process in the control group (systemd's default).</summary>
    ControlGroup,

    /// <summary>Only the main process (<c>KillMode=process</c>; containerd, so containers survive a restart).</summary>
    Process,

    /// <summary>SIGTERM to the main process, then SIGKILL to the group (<c>KillMode=mixed</c>).</summary>
    Mixed,
}
