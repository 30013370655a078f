using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>The $20 cluster on the testbed's hosts and with the binaries this machine and the hosts really have.</summary>
internal static class TestbedSpecs
{
    /// <summary>The $20 spec; <paramref name="containerdVersion"/> is what the hosts run (<see cref="HostContainerdVersionAsync"/>).</summary>
    public static ClusterSpec Twenty(Testbed tb, string containerdVersion) =>
        ClusterBuilder.Create("twenty")
            // This machine's etcd is bookworm's 3.4.23 (accepted with a warning), uploaded by the binaries phase; the
            // hosts' own containerd (Debian 13: 1.7.24), read from the hosts rather than written down.
            .WithVersions(v => v with { Etcd = "3.4.23", Containerd = containerdVersion })
            .WithSsh(new SshSettings { IdentityFile = tb.ClientIdentityFile, KnownHostsFile = tb.ClientKnownHostsFile, User = "root" })
            .AddControlPlane("master", tb["master"].Address)
            .AddWorker("node-1", tb["node-1"].Address)
            .AddWorker("node-2", tb["node-2"].Address, n => n.UseOpenRc())
            .UseFlannel(FlannelBackend.Vxlan)
            .WithBinary("etcd", BinarySource.FromFile("/usr/bin/etcd"))
            .WithHostRuntimeBinaries()
            .Build();

    /// <summary>
    /// The containerd version the workers really run, asked of the binary the spec uses (<c>/usr/bin/containerd
    /// --version</c> inside each host, out of band): the spec declares this fact instead of a number written down
    /// once. Every worker must run the same version, else the topology could not declare one.
    /// </summary>
    public static async Task<string> HostContainerdVersionAsync(Testbed tb, params string[] workers)
    {
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in workers.Length > 0 ? workers : ["node-1", "node-2"])
        {
            var r = (await tb[name].ExecAsync("/usr/bin/containerd --version")).EnsureSuccess($"{name}: containerd --version");
            var m = System.Text.RegularExpressions.Regex.Match(r.StdOut, @"\bv?(\d+\.\d+\.\d+)");
            if (!m.Success) throw new InvalidOperationException($"{name}: cannot read a version from '{r.StdOut.Trim()}'");
            versions.Add(m.Groups[1].Value);
        }
        if (versions.Count != 1)
            throw new InvalidOperationException($"the test-bed workers run different containerd versions ({string.Join(", ", versions)}); one topology declares one.");
        return versions.Single();
    }

    /// <summary>
    /// A small cluster for the day-2 operation tests: test-bed host "cp" (systemd) as control plane running the hosts'
    /// own etcd 3.5.16 (linked), "w" (OpenRC) as worker with the hosts' containerd (its version read from the host) and CNI plugins.
    /// </summary>
    public static async Task<ClusterSpec> ControlPlaneAndOpenRcWorkerAsync(Testbed tb, string name)
    {
        var containerd = await HostContainerdVersionAsync(tb, "w");
        return ClusterBuilder.Create(name)
            .WithVersions(v => v with { Etcd = "3.5.16", Containerd = containerd })
            .WithSsh(new SshSettings { IdentityFile = tb.ClientIdentityFile, KnownHostsFile = tb.ClientKnownHostsFile, User = "root" })
            .AddControlPlane("cp", tb["cp"].Address)
            .AddWorker("w", tb["w"].Address, n => n.UseOpenRc())
            .WithBinary("etcd", BinarySource.OnHostAt("/usr/bin/etcd"))
            .WithHostRuntimeBinaries()
            .Build();
    }

    /// <summary>containerd, its shim, runc and the CNI plugins from the test-bed hosts' own Debian packages.</summary>
    public static ClusterBuilder WithHostRuntimeBinaries(this ClusterBuilder b) => b
        .WithBinary("containerd", BinarySource.OnHostAt("/usr/bin/containerd"))
        .WithBinary("containerd-shim-runc-v2", BinarySource.OnHostAt("/usr/bin/containerd-shim-runc-v2"))
        .WithBinary("runc", BinarySource.OnHostAt("/usr/sbin/runc"))
        .WithBinary("bridge", BinarySource.OnHostAt("/usr/lib/cni/bridge"))
        .WithBinary("host-local", BinarySource.OnHostAt("/usr/lib/cni/host-local"))
        .WithBinary("loopback", BinarySource.OnHostAt("/usr/lib/cni/loopback"))
        .WithBinary("portmap", BinarySource.OnHostAt("/usr/lib/cni/portmap"));
}
