using System.Globalization;

namespace K8sBare.Remote.Facts;

/// <summary>Parses the sectioned output of <see cref="FactsScript"/>.</summary>
internal static class FactsParser
{
    public static HostFacts Parse(string host, string output)
    {
        var sections = Split(output);
        string One(string name) => sections.TryGetValue(name, out var lines) ? (lines.FirstOrDefault(l => l.Trim().Length > 0) ?? "").Trim() : "";
        IReadOnlyList<string> All(string name) => sections.TryGetValue(name, out var lines) ? lines : [];

        var os = ParseOsRelease(All("os"));
        var (swapOn, swapBytes) = ParseSwaps(All("swaps"));
        var (memTotal, memAvail) = ParseMem(All("mem"));
        return new HostFacts
        {
            Host = host,
            OsId = os.GetValueOrDefault("ID", ""),
            OsVersionId = os.GetValueOrDefault("VERSION_ID", ""),
            OsPrettyName = os.GetValueOrDefault("PRETTY_NAME", ""),
            InitSystem = One("init") switch { "systemd" => InitSystem.Systemd, "openrc" => InitSystem.OpenRc, _ => InitSystem.Unknown },
            Architecture = One("arch"),
            Kernel = One("kernel"),
            Hostname = One("hostname"),
            IpAddresses = ParseIps(All("ip")),
            SwapEnabled = swapOn,
            SwapTotalBytes = swapBytes,
            IpForward = One("ipforward") switch { "1" => true, "0" => false, _ => null },
            CgroupVersion = int.TryParse(One("cgroup"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cg) ? cg : 0,
            DiskFreeBytes = ParseDf(One("disk")),
            MemoryTotalBytes = memTotal,
            MemoryAvailableBytes = memAvail,
            SystemdResolvedActive = One("resolved") == "active",
            ListeningTcpPorts = ParseListening(All("tcp")),
            EffectiveUid = int.TryParse(One("uid"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var uid) ? uid : -1,
        };
    }

    internal static Dictionary<string, List<string>> Split(string output)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("@@", StringComparison.Ordinal) && line.Length > 2 && !line.Contains(' ', StringComparison.Ordinal))
            {
                current = [];
                result[line[2..]] = current;
                continue;
            }
            current?.Add(line);
        }
        return result;
    }

    private static Dictionary<string, string> ParseOsRelease(IReadOnlyList<string> lines)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var i = line.IndexOf('=', StringComparison.Ordinal);
            if (i <= 0 || line.StartsWith('#')) continue;
            var v = line[(i + 1)..].Trim();
            if (v.Length >= 2 && (v[0] == '"' || v[0] == '\'') && v[^1] == v[0]) v = v[1..^1];
            d[line[..i].Trim()] = v;
        }
        return d;
    }

    private static IReadOnlyList<string> ParseIps(IReadOnlyList<string> lines)
    {
        var ips = new List<string>();
        foreach (var line in lines)
        {
            // ip -o addr: "2: eth0    inet 10.0.0.2/24 brd ... scope global eth0 ..."
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + 1 < parts.Length; i++)
            {
                if (parts[i] is not ("inet" or "inet6")) continue;
                var addr = parts[i + 1].Split('/')[0];
                var scopeIdx = Array.IndexOf(parts, "scope");
                var scope = scopeIdx >= 0 && scopeIdx + 1 < parts.Length ? parts[scopeIdx + 1] : "global";
                if (scope is "host" or "link") continue;
                if (!ips.Contains(addr, StringComparer.Ordinal)) ips.Add(addr);
            }
        }
        return ips;
    }

    private static (bool, long) ParseSwaps(IReadOnlyList<string> lines)
    {
        long total = 0;
        var any = false;
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) continue;
            any = true;
            if (long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)) total += kb * 1024;
        }
        return (any, total);
    }

    private static (long, long) ParseMem(IReadOnlyList<string> lines)
    {
        long total = 0, avail = 0;
        foreach (var line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)) continue;
            if (parts[0] == "MemTotal:") total = kb * 1024;
            else if (parts[0] == "MemAvailable:") avail = kb * 1024;
        }
        return (total, avail);
    }

    private static long ParseDf(string line)
    {
        // "Filesystem 1024-blocks Used Available Capacity Mounted-on"
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 4 && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
    }

    private static IReadOnlyList<int> ParseListening(IReadOnlyList<string> lines)
    {
        var ports = new SortedSet<int>();
        foreach (var line in lines)
        {
            // "  sl  local_address rem_address   st ..." ; "0: 00000000:0016 00000000:0000 0A ..."
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4 || parts[3] != "0A") continue;
            var local = parts[1];
            var colon = local.LastIndexOf(':');
            if (colon < 0) continue;
            if (int.TryParse(local[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port)) ports.Add(port);
        }
        return [.. ports];
    }
}
