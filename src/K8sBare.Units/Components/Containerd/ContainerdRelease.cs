namespace K8sBare.Units.Components;

/// <summary>The containerd release line, which decides the config.toml format (components.md §6).</summary>
public enum ContainerdRelease
{
    /// <summary>containerd 1.6/1.7: config <c>version = 2</c>, CRI plugin <c>io.containerd.grpc.v1.cri</c>.</summary>
    V1_7,

    /// <summary>containerd 2.0: config <c>version = 3</c>, split CRI plugins, <c>cni.bin_dir</c>.</summary>
    V2_0,

    /// <summary>containerd 2.1+: config <c>version = 3</c>, <c>cni.bin_dirs</c> (bin_dir deprecated).</summary>
    V2_1,
}
