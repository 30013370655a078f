using K8sBare.Testing.Testbed;
using K8sBare.Units.Components;

namespace K8sBare.Units.Tests.OnHosts;

/// <summary>
/// The real programs the on-host tests run: etcd (this machine's /usr/bin/etcd copied into the host, plain HTTP on the
/// host's address and loopback, laid out by <see cref="EtcdOptions.ForMember"/>) and the host's own containerd
/// (Debian bookworm 1.6 → config version 2) on a non-default socket/state dir, so an answer there proves the
/// generated config.toml was loaded.
/// </summary>
internal static class RealServices
{
    public const string EtcdBinary = "/usr/local/bin/etcd";

    public static EtcdOptions Etcd(TestbedHost host) =>
        EtcdOptions.ForMember(host.Name, host.Address, [new EtcdMember(host.Name, $"http://{host.Address}:2380")], tls: null)
            with { BinaryPath = EtcdBinary };

    public static async Task CopyEtcdAsync(TestbedHost host) =>
        await HostFiles.CopyBinaryAsync(host, TestEnvironment.RequireTool("etcd"), EtcdBinary);

    /// <summary>etcdctl (the host's etcd-client) against both client URLs; exit 0 when both are healthy.</summary>
    public static string EtcdHealth(TestbedHost host) =>
        $"ETCDCTL_API=3 etcdctl --dial-timeout=1s --endpoints=http://{host.Address}:2379,http://127.0.0.1:2379 endpoint health";

    public static ContainerdOptions Containerd(bool systemdCgroup) => new()
    {
        Release = ContainerdRelease.V1_7,            // version-2 config: what containerd 1.6 and 1.7 read
        BinaryPath = "/usr/bin/containerd",          // the rootfs's package
        State = "/run/k8sbare-containerd",
        GrpcAddress = "/run/k8sbare-containerd/containerd.sock",
        ConfigPath = "/etc/k8sbare-containerd/config.toml",
        SystemdCgroup = systemdCgroup,               // OpenRC hosts have no systemd to manage cgroups
    };

    public static string CtrVersion(ContainerdOptions o) => $"ctr --address '{o.GrpcAddress}' --timeout 2s version";

    public static async Task InstallContainerdConfigAsync(TestbedHost host, ContainerdOptions options)
    {
        foreach (var f in options.RenderConfigFiles()) await HostFiles.InstallAsync(host, f);
        // The host's containerd must accept the generated file (it drops unknown keys, so also check ours are in the dump).
        var dump = (await host.ExecAsync($"containerd --config '{options.ConfigPath}' config dump")).EnsureSuccess($"containerd config dump on {host.Name}");
        Assert.Contains($"address = \"{options.GrpcAddress}\"", dump.StdOut, StringComparison.Ordinal);
        Assert.Contains($"SystemdCgroup = {(options.SystemdCgroup ? "true" : "false")}", dump.StdOut, StringComparison.Ordinal);
    }
}
