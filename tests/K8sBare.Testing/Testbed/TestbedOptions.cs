namespace K8sBare.Testing.Testbed;

/// <summary>What hosts a <see cref="Testbed"/> boots. Names must be unique, lowercase [a-z0-9-], ≤ 40 chars.</summary>
public sealed record TestbedOptions
{
    /// <summary>Names of hosts booting systemd in a systemd-nspawn container.</summary>
    public IReadOnlyList<string> SystemdHosts { get; init; } = [];

    /// <summary>Names of hosts booting sysvinit + OpenRC in a systemd-nspawn container.</summary>
    public IReadOnlyList<string> OpenRcHosts { get; init; } = [];

    /// <summary>The Debian release booted hosts run: <see cref="TestbedSuite.Trixie"/> (default: etcd 3.5, containerd 1.7,
    /// the versions K8sBare targets) or <see cref="TestbedSuite.Bookworm"/> (etcd 3.4, containerd 1.6).</summary>
    public TestbedSuite Suite { get; init; } = TestbedSuite.Trixie;

    /// <summary>Number of light hosts (sshd in a network namespace), named light-1 … light-N.</summary>
    public int LightHosts { get; init; }

    /// <summary>Extra systemd-nspawn arguments for the booted hosts (e.g. "--bind-ro=/dev/kmsg").</summary>
    public IReadOnlyList<string> NspawnArguments { get; init; } = [];

    /// <summary>Give booted hosts all capabilities and the keyring/bpf syscalls (needed to run containerd/runc
    /// inside them). Default true.</summary>
    public bool PrivilegedContainers { get; init; } = true;

    /// <summary>For systemd hosts, wait until <c>systemctl is-system-running --wait</c> answers (running or
    /// degraded) before StartAsync returns. Default true.</summary>
    public bool WaitForSystemdBoot { get; init; } = true;

    /// <summary>Booted hosts get their own cgroup (k8sbare-testbed-ID/NAME in every hierarchy, the root of their
    /// cgroup namespace) and their cgroup v1 controllers are remounted read-write inside, so kubelet, containerd and
    /// runc can create cgroups there. Default true.</summary>
    public bool WritableCgroups { get; init; } = true;

    /// <summary>How long one host may take to answer on port 22 after it was started. Default 120 s.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
