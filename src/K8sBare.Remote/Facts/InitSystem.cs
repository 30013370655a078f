namespace K8sBare.Remote.Facts;

/// <summary>The init system a host runs.</summary>
public enum InitSystem
{
    /// <summary>Could not be determined (containers without an init, exotic systems).</summary>
    Unknown,

    /// <summary>systemd (units in /etc/systemd/system, journalctl logs).</summary>
    Systemd,

    /// <summary>OpenRC (scripts in /etc/init.d, rc-service/rc-update, output_log files).</summary>
    OpenRc,
}
