namespace K8sBare.Cluster;

/// <summary>The init system that supervises services on a node.</summary>
public enum InitSystem
{
    /// <summary>systemd: units under <c>/etc/systemd/system</c>.</summary>
    Systemd,

    /// <summary>OpenRC: scripts under <c>/etc/init.d</c> (Gentoo, Alpine).</summary>
    OpenRc,
}
