namespace K8sBare.Pki.Catalog;

/// <summary>One file a host receives from a catalogue entry.</summary>
public sealed record FilePlacement
{
    /// <summary>The node name that receives the file.</summary>
    public required string Host { get; init; }

    /// <summary>The absolute path on that host.</summary>
    public required string Path { get; init; }

    /// <summary>Which part of the entry the file carries.</summary>
    public required PlacedFileKind Kind { get; init; }

    /// <summary>For kubeconfigs: the API server URL written into it; otherwise null.</summary>
    public string? KubeconfigServer { get; init; }

    /// <summary>The file owner (user[:group]) on the host, from <see cref="PkiLayout"/> (etcd files: <see cref="PkiLayout.EtcdOwner"/>).</summary>
    public string Owner { get; init; } = "root";

    /// <summary>The Unix mode the file gets (0600 for keys and kubeconfigs, 0644 otherwise).</summary>
    public UnixFileMode Mode => Kind is PlacedFileKind.PrivateKey or PlacedFileKind.Kubeconfig ? Pem.PemFile.PrivateMode : Pem.PemFile.PublicMode;
}
