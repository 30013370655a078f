using System.Security.Cryptography;
using System.Text;

namespace K8sBare.Testing.Testbed;

/// <summary>
/// Cached Debian root filesystems, one per init flavour and suite, under <see cref="TestbedPaths.CacheRoot"/>:
/// <c>&lt;flavour&gt;[-bookworm]-&lt;first 12 hex of sha256(build-rootfs.sh)&gt;</c> (trixie by default). Built once by debootstrap (under a flock,
/// into a temp dir, then renamed), shared read-only by every host of that flavour as an overlay's lower layer.
/// </summary>
public static class RootfsCache
{
    /// <summary>The cache directory for a flavour (it may not exist yet).</summary>
    /// <param name="init">Systemd or OpenRc.</param>
    /// <param name="suite">The Debian release of the rootfs.</param>
    public static string PathFor(HostInit init, TestbedSuite suite = TestbedSuite.Trixie)
    {
        var script = Shell.EmbeddedScript("build-rootfs.sh");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..12];
        var suffix = suite == TestbedSuite.Trixie ? "" : "-" + SuiteName(suite);
        return Path.Combine(TestbedPaths.CacheRoot, $"{Flavour(init)}{suffix}-{hash}");
    }

    /// <summary>True when the flavour's rootfs is built and complete.</summary>
    /// <param name="init">Systemd or OpenRc.</param>
    /// <param name="suite">The Debian release of the rootfs.</param>
    public static bool IsCached(HostInit init, TestbedSuite suite = TestbedSuite.Trixie) =>
        File.Exists(Path.Combine(PathFor(init, suite), ".k8sbare-rootfs-complete"));

    /// <summary>Builds the flavour's rootfs unless cached (takes minutes cold: debootstrap + apt), returns its path.</summary>
    /// <param name="init">Systemd or OpenRc.</param>
    /// <param name="suite">The Debian release of the rootfs.</param>
    /// <param name="ct">Cancels the build.</param>
    public static async Task<string> EnsureAsync(HostInit init, TestbedSuite suite = TestbedSuite.Trixie, CancellationToken ct = default)
    {
        if (init == HostInit.Light) throw new ArgumentException("light hosts use the machine's own files, not a rootfs", nameof(init));
        var target = PathFor(init, suite);
        if (IsCached(init, suite)) return target;
        Directory.CreateDirectory(TestbedPaths.CacheRoot);
        var scriptPath = Path.Combine(TestbedPaths.CacheRoot, $"build-rootfs-{Path.GetFileName(target)}.sh");
        await File.WriteAllTextAsync(scriptPath, Shell.EmbeddedScript("build-rootfs.sh"), ct);
        var r = await Shell.RunAsync("bash", [scriptPath, Flavour(init), target, AptMirror(), SuiteName(suite)], ct, TimeSpan.FromMinutes(20));
        if (r.ExitCode != 0 || !IsCached(init, suite))
            throw new InvalidOperationException(
                $"building the {Flavour(init)} rootfs into {target} failed (exit {r.ExitCode}); it needs debootstrap and the " +
                $"Debian mirror {AptMirror()} reachable.\n{r.StdErr}{r.StdOut}");
        return target;
    }

    /// <summary>The Debian mirror apt uses on this machine (from /etc/apt/sources.list[.d]); deb.debian.org otherwise.</summary>
    public static string AptMirror()
    {
        var files = new List<string>();
        if (File.Exists("/etc/apt/sources.list")) files.Add("/etc/apt/sources.list");
        if (Directory.Exists("/etc/apt/sources.list.d"))
            files.AddRange(Directory.GetFiles("/etc/apt/sources.list.d").Order(StringComparer.Ordinal));
        foreach (var f in files)
        {
            var lines = File.ReadAllLines(f);
            if (f.EndsWith(".sources", StringComparison.Ordinal))
            {
                // deb822 stanzas: URIs + Suites containing "bookworm" (not -security / -updates).
                string? uri = null; var suiteOk = false;
                foreach (var raw in lines.Append(""))
                {
                    var line = raw.Trim();
                    if (line.Length == 0)
                    {
                        if (uri is not null && suiteOk) return uri.TrimEnd('/');
                        uri = null; suiteOk = false;
                        continue;
                    }
                    if (line.StartsWith("URIs:", StringComparison.OrdinalIgnoreCase))
                        uri = line[5..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                    if (line.StartsWith("Suites:", StringComparison.OrdinalIgnoreCase))
                        suiteOk = line[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("bookworm");
                }
            }
            else
            {
                foreach (var raw in lines)
                {
                    var parts = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length < 3 || parts[0] != "deb") continue;
                    var i = 1;
                    if (parts[i].StartsWith('[')) { while (i < parts.Length && !parts[i].EndsWith(']')) i++; i++; }
                    if (i + 1 < parts.Length && parts[i + 1] == "bookworm") return parts[i].TrimEnd('/');
                }
            }
        }
        return "http://deb.debian.org/debian";
    }

    internal static string SuiteName(TestbedSuite suite) => suite switch
    {
        TestbedSuite.Bookworm => "bookworm",
        _ => "trixie",
    };

    internal static string Flavour(HostInit init) => init switch
    {
        HostInit.Systemd => "systemd",
        HostInit.OpenRc => "openrc",
        _ => "light",
    };
}
