namespace K8sBare.Cluster;

/// <summary>Where a binary comes from.</summary>
public enum BinarySourceKind
{
    /// <summary>The binary is expected on the host already (installed by a package or by hand).</summary>
    OnHost,

    /// <summary>A file on this machine, uploaded by the binaries phase.</summary>
    LocalFile,

    /// <summary>A URL with a sha256, downloaded once into the local cache and uploaded.</summary>
    Url,
}
