namespace K8sBare.Testing.Testbed;

/// <summary>The Debian release of booted test-bed hosts (each has its own cached rootfs).</summary>
public enum TestbedSuite
{
    /// <summary>Debian 13: etcd 3.5, containerd 1.7, runc 1.1.15 (the versions K8sBare targets).</summary>
    Trixie,

    /// <summary>Debian 12: etcd 3.4, containerd 1.6 (only for tests that need those).</summary>
    Bookworm,
}
