using System.Text;
using K8sBare.Cluster.Artifacts;
using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// What the hosts themselves say, read out of band (nsenter into the test bed hosts, not through K8sBare's SSH
/// connections): for every artifact file and binary its inode, mtime (ns), size and sha256; for every service the
/// identity of its running process (systemd <c>MainPID</c> + <c>ExecMainStartTimestampMonotonic</c>; OpenRC the pid
/// in its pidfile, that process's start time and its children); pending restart markers; leftover temporary upload
/// files; systemd units whose loaded definition is older than the file on disk (<c>NeedDaemonReload</c>).
/// It is the oracle for "nothing changed" and "converged": a product that rewrites a file with the same bytes gets a
/// new inode or mtime, a product that restarts a service gets a new pid and start time, whatever it reports.
/// </summary>
internal sealed class HostState
{
    /// <summary>The file states, by "host:path": "inode|mtime|size|sha256", or "missing".</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    /// <summary>The service process identities, by "host/service": "pid=… start=…", or "not running".</summary>
    public required IReadOnlyDictionary<string, string> Services { get; init; }

    /// <summary>Restart markers left on the hosts ("host:/var/lib/k8sbare/restart/x").</summary>
    public required IReadOnlyList<string> RestartMarkers { get; init; }

    /// <summary>Temporary upload files left next to artifact files ("host:path").</summary>
    public required IReadOnlyList<string> TempFiles { get; init; }

    /// <summary>systemd units ("host/service") that systemd says need a daemon-reload.</summary>
    public required IReadOnlyList<string> NeedDaemonReload { get; init; }

    public static async Task<HostState> CaptureAsync(Testbed tb, ClusterArtifacts artifacts)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var services = new Dictionary<string, string>(StringComparer.Ordinal);
        var markers = new List<string>();
        var temps = new List<string>();
        var reload = new List<string>();
        foreach (var host in artifacts.Hosts)
        {
            var paths = host.Files.Select(f => f.Path).Concat(host.Binaries.Select(b => b.HostPath)).Distinct(StringComparer.Ordinal).ToList();
            var script = new StringBuilder();
            foreach (var p in paths)
                script.Append($"if [ -e {Q(p)} ] || [ -L {Q(p)} ]; then echo \"F|{p}|$(stat -c '%i|%y|%s' -- {Q(p)})|$(sha256sum < {Q(p)} | cut -d' ' -f1)\"; else echo 'F|{p}|missing'; fi\n");
            foreach (var s in host.Services)
            {
                if (host.Node.InitSystem == InitSystem.Systemd)
                {
                    script.Append($"echo \"S|{s.Name}|$(systemctl show -p MainPID -p ExecMainStartTimestampMonotonic -p ActiveState {s.Name} | sort | tr '\\n' ' ')\"\n");
                    script.Append($"echo \"R|{s.Name}|$(systemctl show -p NeedDaemonReload --value {s.Name})\"\n");
                }
                else
                {
                    var pidfile = PidFile(host, s) ?? $"/run/{s.Name}.pid";
                    script.Append($"echo \"S|{s.Name}|$(ident {Q(pidfile)})\"\n");
                }
            }

            foreach (var dir in host.Files.Select(f => f.Path[..f.Path.LastIndexOf('/')]).Distinct(StringComparer.Ordinal))
                script.Append($"find {Q(dir)} -maxdepth 1 -name '.*.k8sbare.??????' 2>/dev/null | sed 's/^/T|/'\n");
            script.Append("ls -A /var/lib/k8sbare/restart 2>/dev/null | sed 's/^/M|/'\n");

            var r = await tb[host.Name].ExecAsync(Prelude + script);
            Assert.True(r.ExitCode == 0, $"{host.Name}: capturing the host state failed: {r.StdErr}");
            foreach (var line in r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split('|', 3);
                switch (parts[0])
                {
                    case "F": files[$"{host.Name}:{parts[1]}"] = parts[2]; break;
                    case "S": services[$"{host.Name}/{parts[1]}"] = Normalize(parts[2]); break;
                    case "R" when parts[2].Trim() == "yes": reload.Add($"{host.Name}/{parts[1]}"); break;
                    case "T": temps.Add($"{host.Name}:{parts[1]}"); break;
                    case "M": markers.Add($"{host.Name}:/var/lib/k8sbare/restart/{parts[1]}"); break;
                }
            }

            foreach (var p in paths) Assert.True(files.ContainsKey($"{host.Name}:{p}"), $"{host.Name}: no state for {p}: {r.StdOut}");
        }

        return new HostState { Files = files, Services = services, RestartMarkers = markers, TempFiles = temps, NeedDaemonReload = reload };
    }

    /// <summary>True when the service has a live process.</summary>
    public bool IsRunning(string host, string service) =>
        Services.TryGetValue($"{host}/{service}", out var s) && s.StartsWith("pid=", StringComparison.Ordinal);

    /// <summary>Files whose inode, mtime, size or content differ from <paramref name="before"/>, with both states.</summary>
    public IReadOnlyList<string> FilesChangedSince(HostState before) =>
        Files.Where(kv => !before.Files.TryGetValue(kv.Key, out var b) || b != kv.Value)
            .Select(kv => $"{kv.Key}: {before.Files.GetValueOrDefault(kv.Key, "?")} -> {kv.Value}").Order(StringComparer.Ordinal).ToList();

    /// <summary>Services whose process identity differs from <paramref name="before"/> (restarted, started or stopped).</summary>
    public IReadOnlyList<string> ServicesChangedSince(HostState before) =>
        Services.Where(kv => !before.Services.TryGetValue(kv.Key, out var b) || b != kv.Value)
            .Select(kv => $"{kv.Key}: {before.Services.GetValueOrDefault(kv.Key, "?")} -> {kv.Value}").Order(StringComparer.Ordinal).ToList();

    /// <summary>The sha256 of a file on a host, or null when it is missing.</summary>
    public string? Sha256(string host, string path) =>
        Files.TryGetValue($"{host}:{path}", out var s) && s != "missing" ? s[(s.LastIndexOf('|') + 1)..] : null;

    // Every field after the command name's closing parenthesis: [0] = state (field 3), [19] = starttime (field 22).
    private const string Prelude = """
        st() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }
        ident() {
          if [ -s "$1" ] && pid=$(cat "$1") && [ -d "/proc/$pid" ]; then
            kids=""
            for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do kids="$kids $c@$(st "$c")"; done
            echo "pid=$pid start=$(st "$pid") children=$kids"
          else
            echo "not running"
          fi
        }

        """;

    private static string Normalize(string systemdOrOpenRc)
    {
        var s = systemdOrOpenRc.Trim();
        if (s.StartsWith("pid=", StringComparison.Ordinal) || s == "not running") return s;
        // systemd: "ActiveState=… ExecMainStartTimestampMonotonic=… MainPID=…".
        var p = s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => x.Split('=', 2)).Where(x => x.Length == 2).ToDictionary(x => x[0], x => x[1], StringComparer.Ordinal);
        return p.GetValueOrDefault("MainPID", "0") is var pid && pid != "0"
            ? $"pid={pid} start={p.GetValueOrDefault("ExecMainStartTimestampMonotonic")} {p.GetValueOrDefault("ActiveState")}"
            : $"not running ({s})";
    }

    private static string? PidFile(HostArtifacts host, ServiceArtifact s)
    {
        var script = host.Files.FirstOrDefault(f => f.Path == s.UnitPath);
        if (script is null) return null;
        foreach (var line in script.Content.Split('\n'))
            if (line.StartsWith("pidfile=", StringComparison.Ordinal))
                return line["pidfile=".Length..].Trim('"');
        return null;
    }

    private static string Q(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
