namespace K8sBare.Cluster;

/// <summary>Where one binary (e.g. <c>etcd</c>, <c>kubelet</c>) comes from.</summary>
public sealed record BinarySource
{
    /// <summary>The kind of source.</summary>
    public BinarySourceKind Kind { get; init; }

    /// <summary>The local file (LocalFile).</summary>
    public string? LocalPath { get; init; }

    /// <summary>The download URL (Url).</summary>
    public string? Url { get; init; }

    /// <summary>The expected sha256 of the binary, lowercase hex (Url; optional for LocalFile).</summary>
    public string? Sha256 { get; init; }

    /// <summary>
    /// Where the binary lives on the host when it is not at its default install path (OnHost only,
    /// e.g. <c>/usr/bin/containerd</c> from a distribution package); null means the install path.
    /// </summary>
    public string? HostPath { get; init; }

    /// <summary>The binary is expected on the host already, at its install path.</summary>
    public static BinarySource OnHost { get; } = new() { Kind = BinarySourceKind.OnHost };

    /// <summary>The binary is on the host already, at <paramref name="hostPath"/>.</summary>
    /// <param name="hostPath">The absolute path on the host.</param>
    public static BinarySource OnHostAt(string hostPath) => new() { Kind = BinarySourceKind.OnHost, HostPath = hostPath };

    /// <summary>A local file to upload.</summary>
    /// <param name="path">The file on this machine.</param>
    public static BinarySource FromFile(string path) => new() { Kind = BinarySourceKind.LocalFile, LocalPath = path };

    /// <summary>A URL with its sha256.</summary>
    /// <param name="url">The http(s) URL of the raw binary.</param>
    /// <param name="sha256">The expected sha256, hex.</param>
    public static BinarySource FromUrl(string url, string sha256) => new() { Kind = BinarySourceKind.Url, Url = url, Sha256 = sha256 };
}
