namespace K8sBare.Testing.Testbed;

/// <summary>Where the testbed keeps its state on this machine.</summary>
public static class TestbedPaths
{
    /// <summary>Per-testbed state (keys, overlays, logs): one directory per running testbed, named by its id.
    /// Not under /tmp: sshd's StrictModes rejects world-writable parents, and /tmp is private in light hosts.</summary>
    public static string StateRoot => Environment.GetEnvironmentVariable("K8SBARE_TESTBED_STATE") ?? "/var/lib/k8sbare-testbed";

    /// <summary>Cached root filesystems (one per init flavour and recipe hash), kept between runs.</summary>
    public static string CacheRoot => Environment.GetEnvironmentVariable("K8SBARE_TESTBED_CACHE") ?? "/var/cache/k8sbare-testbed";

    /// <summary>Prefix of every bridge, veth and network namespace the testbed creates.</summary>
    public const string NamePrefix = "kbtb";
}
