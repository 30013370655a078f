namespace K8sBare.Testing.Kubernetes;

/// <summary>
/// The kernel settings a kubelet insists on at start (<c>setupKernelTunables</c>: it writes them itself and exits when
/// it cannot). They are not per network namespace, so inside a test-bed host, where <c>/proc/sys</c> is read-only
/// except <c>net</c>, the kubelet can only find them already set: the test bed sets them on this machine, as the
/// kubelet would on a real node. (A test-bed need, documented in the test bed's README; nothing K8sBare renders.)
/// </summary>
public static class KubeletHostSysctls
{
    /// <summary>The values a kubelet 1.20–1.34 checks, by /proc/sys path.</summary>
    public static IReadOnlyDictionary<string, string> Values { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["vm/overcommit_memory"] = "1",
        ["vm/panic_on_oom"] = "0",
        ["kernel/panic"] = "10",
        ["kernel/panic_on_oops"] = "1",
        ["kernel/keys/root_maxkeys"] = "1000000",
        ["kernel/keys/root_maxbytes"] = "25000000",
    };

    /// <summary>Writes <see cref="Values"/> into this machine's /proc/sys where they differ (needs root).</summary>
    public static async Task ApplyAsync()
    {
        foreach (var (key, value) in Values)
        {
            var path = "/proc/sys/" + key;
            if ((await File.ReadAllTextAsync(path)).Trim() != value) await File.WriteAllTextAsync(path, value);
        }
    }
}
