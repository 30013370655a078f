namespace K8sBare.Remote.Facts;

/// <summary>The one shell script that gathers every fact; its output is split in "@@name" sections.</summary>
internal static class FactsScript
{
    public const string Text =
        "echo @@os; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null\n" +
        "echo @@init; if [ -d /run/systemd/system ]; then echo systemd; elif [ -d /run/openrc ] || command -v openrc-run >/dev/null 2>&1 || [ -x /sbin/openrc-run ]; then echo openrc; else echo unknown; fi\n" +
        "echo @@arch; uname -m\n" +
        "echo @@kernel; uname -r\n" +
        "echo @@hostname; cat /proc/sys/kernel/hostname 2>/dev/null || hostname\n" +
        "echo @@ip; if command -v ip >/dev/null 2>&1; then ip -o addr show 2>/dev/null; else cat /proc/net/if_inet6 2>/dev/null; fi\n" +
        "echo @@swaps; cat /proc/swaps 2>/dev/null\n" +
        "echo @@ipforward; cat /proc/sys/net/ipv4/ip_forward 2>/dev/null\n" +
        "echo @@cgroup; if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo 2; elif [ -d /sys/fs/cgroup ]; then echo 1; else echo 0; fi\n" +
        "echo @@disk; df -Pk / 2>/dev/null | tail -n 1\n" +
        "echo @@mem; grep -E '^(MemTotal|MemAvailable):' /proc/meminfo 2>/dev/null\n" +
        "echo @@resolved; if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then systemctl is-active systemd-resolved 2>/dev/null; else echo inactive; fi\n" +
        "echo @@tcp; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null\n" +
        "echo @@uid; id -u\n" +
        "echo @@end\n";
}
