namespace K8sBare.Cluster;

/// <summary>What restarts a running service.</summary>
[Flags]
public enum RestartTriggers
{
    /// <summary>Nothing restarts it.</summary>
    None = 0,

    /// <summary>A change of its own unit/script or config files.</summary>
    OwnFiles = 1,

    /// <summary>A change of any host file whose path its own files mention (certificates, keys, kubeconfigs).</summary>
    ReferencedFiles = 2,

    /// <summary>A replaced binary.</summary>
    Binaries = 4,

    /// <summary>All of the above.</summary>
    All = OwnFiles | ReferencedFiles | Binaries,
}
