using System.Diagnostics;
using Xunit;

namespace K8sBare.Testing;

/// <summary>
/// The etcd releases the integration tests run against: 3.4 (Debian bookworm's <c>etcd-server</c>, on PATH) and
/// 3.5 (Debian trixie's, fetched by <c>scripts/fetch-etcd.sh</c> into /var/cache/k8sbare/etcd-3.5, outside the
/// repository). Under CI both must be there (3.5 is fetched when missing, and its absence fails the run); outside
/// CI a release that is not available is left out of the theory data.
/// </summary>
public static class EtcdServers
{
    private static readonly Lazy<string?> Etcd35 = new(Find35);

    /// <summary>Theory data: every release available here (both under CI).</summary>
    public static TheoryData<string> Versions
    {
        get
        {
            var d = new TheoryData<string>();
            if (TestEnvironment.IsCI || TestEnvironment.FindTool("etcd") is not null) d.Add("3.4");
            if (TestEnvironment.IsCI || Etcd35.Value is not null) d.Add("3.5");
            return d;
        }
    }

    /// <summary>The etcd binary of a release; throws naming the fix when it is missing.</summary>
    public static string Etcd(string version) => version switch
    {
        "3.4" => TestEnvironment.RequireTool("etcd"),
        "3.5" => Path.Combine(Etcd35.Value ?? throw Missing35(), "etcd"),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "etcd releases under test: 3.4, 3.5"),
    };

    /// <summary>The etcdctl of a release.</summary>
    public static string Etcdctl(string version) => version switch
    {
        "3.4" => TestEnvironment.RequireTool("etcdctl"),
        "3.5" => Path.Combine(Etcd35.Value ?? throw Missing35(), "etcdctl"),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "etcd releases under test: 3.4, 3.5"),
    };

    /// <summary>The snapshot-restore tool of a release: 3.4's etcdctl (ETCDCTL_API=3), 3.5's etcdutl.</summary>
    public static string RestoreTool(string version) => version switch
    {
        "3.4" => TestEnvironment.RequireTool("etcdctl"),
        "3.5" => Path.Combine(Etcd35.Value ?? throw Missing35(), "etcdutl"),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "etcd releases under test: 3.4, 3.5"),
    };

    private static InvalidOperationException Missing35() => new(
        "etcd 3.5 is not available: run scripts/fetch-etcd.sh as root (it caches Debian trixie's etcd-server in /var/cache/k8sbare/etcd-3.5).");

    private static string? Find35()
    {
        var root = Environment.GetEnvironmentVariable("K8SBARE_ETCD35_CACHE") ?? "/var/cache/k8sbare/etcd-3.5";
        var bin = Path.Combine(root, "bin");
        if (File.Exists(Path.Combine(root, "done")) && File.Exists(Path.Combine(bin, "etcd"))) return bin;
        if (!TestEnvironment.IsRoot) return null;
        // Fetch it (the script takes a lock, so parallel test processes fetch once).
        var script = RepositoryPaths.Combine("scripts", "fetch-etcd.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            return null;
        }
        if (p.ExitCode != 0)
        {
            if (TestEnvironment.IsCI) throw new InvalidOperationException($"scripts/fetch-etcd.sh failed ({p.ExitCode}): {err.Result}");
            return null;
        }
        return File.Exists(Path.Combine(bin, "etcd")) ? bin : null;
    }
}
