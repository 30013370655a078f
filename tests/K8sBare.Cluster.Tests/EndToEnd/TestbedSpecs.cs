using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>The $20 cluster on the testbed's hosts and with the binaries this machine and the hosts really have.</summary>
internal static class TestbedSpecs
{
    public static ClusterSpec Twenty(Testbed tb) =>
        ClusterBuilder.Create("twenty")
            // This machine's etcd is bookworm's 3.4.23 (accepted with a warning), uploaded by the binaries phase; the
            // hosts (Debian 13) run containerd 1.7.
            .WithVersions(v => v with { Etcd = "3.4.23", Containerd = "1.7.0" })
            .WithSsh(new SshSettings { IdentityFile = tb.ClientIdentityFile, KnownHostsFile = tb.ClientKnownHostsFile, User = "root" })
            .AddControlPlane("master", tb["master"].Address)
            .AddWorker("node-1", tb["node-1"].Address)
            .AddWorker("node-2", tb["node-2"].Address, n => n.UseOpenRc())
            .UseFlannel(FlannelBackend.Vxlan)
            .WithBinary("etcd", BinarySource.FromFile("/usr/bin/etcd"))
            .WithHostRuntimeBinaries()
            .Build();

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
