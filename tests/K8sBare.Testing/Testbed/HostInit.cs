namespace K8sBare.Testing.Testbed;

/// <summary>How a testbed host is booted.</summary>
public enum HostInit
{
    /// <summary>A systemd-nspawn container booting systemd (Debian bookworm rootfs).</summary>
    Systemd,

    /// <summary>A systemd-nspawn container booting sysvinit + OpenRC (Debian bookworm rootfs).</summary>
    OpenRc,

    /// <summary>sshd alone in its own network/mount/pid/uts namespaces over the machine's own files
    /// (/etc, /var, /opt, /usr, /root are overlays, /tmp and /run are private tmpfs). Cheap: fifty start in seconds.</summary>
    Light,
}
