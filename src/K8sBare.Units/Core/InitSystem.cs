namespace K8sBare.Units;

/// <summary>The init system a service definition is rendered for.</summary>
public enum InitSystem
{
    /// <summary>systemd: a unit file under <c>/etc/systemd/system</c>.</summary>
    Systemd,

    /// <summary>OpenRC: an <c>openrc-run</c> script under <c>/etc/init.d</c>.</summary>
    OpenRc,
}
