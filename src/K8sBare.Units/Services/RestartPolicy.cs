namespace K8sBare.Units.Services;

/// <summary>When the init system restarts the service (systemd <c>Restart=</c>; OpenRC supervise-daemon respawn).</summary>
public enum RestartPolicy
{
    /// <summary>Never restart (<c>Restart=no</c>; OpenRC runs it with <c>command_background</c>).</summary>
    No,

    /// <summary>Restart when the process fails (<c>Restart=on-failure</c>).</summary>
    OnFailure,

    /// <summary>Restart whenever it exits (<c>Restart=always</c>).</summary>
    Always,
}
