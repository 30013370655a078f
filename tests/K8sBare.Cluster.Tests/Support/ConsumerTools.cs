using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Support;

/// <summary>
/// The consumer programs in the release a rendered file is made for: this machine's (Debian bookworm) where its release
/// matches, otherwise the copies scripts/fetch-tools.sh unpacks from newer Debian suites into its cache
/// (<c>K8SBARE_TOOLS_CACHE</c>, default <c>/var/cache/k8sbare/tools</c>); ./test.sh runs it.
/// </summary>
internal static class ConsumerTools
{
    public static string Cache => Environment.GetEnvironmentVariable("K8SBARE_TOOLS_CACHE") is { Length: > 0 } c ? c : "/var/cache/k8sbare/tools";

    /// <summary>containerd for a declared containerd version: 2.x reads config version 3, 1.7 version 2.</summary>
    public static string Containerd(string version) => version.Split('.')[0] switch
    {
        "2" => Cached("containerd-2", "usr/bin/containerd"),
        _ when version.StartsWith("1.7.", StringComparison.Ordinal) => Cached("containerd-1.7", "usr/bin/containerd"),
        _ => TestEnvironment.RequireTool("containerd"),
    };

    /// <summary>etcd for a declared etcd version: 3.4 is this machine's, 3.5 trixie's.</summary>
    public static string Etcd(string version) => version.StartsWith("3.4.", StringComparison.Ordinal)
        ? TestEnvironment.RequireTool("etcd")
        : Cached("etcd-3.5", "usr/bin/etcd");

    private static string Cached(string folder, string binary)
    {
        var path = Path.Combine(Cache, folder, binary);
        return File.Exists(path) ? path
            : throw new InvalidOperationException($"{path} is missing: run scripts/fetch-tools.sh as root (./test.sh does) to fetch it.");
    }
}
