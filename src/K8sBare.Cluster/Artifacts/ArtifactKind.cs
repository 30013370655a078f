namespace K8sBare.Cluster.Artifacts;

/// <summary>What a rendered file is; decides which apply phase writes it.</summary>
public enum ArtifactKind
{
    /// <summary>Host preparation: sysctl and module-load files (the prepare phase).</summary>
    Host,

    /// <summary>Certificates, keys and kubeconfigs (the pki phase).</summary>
    Pki,

    /// <summary>Component config files (the files phase).</summary>
    Config,

    /// <summary>systemd units and OpenRC scripts (the files phase).</summary>
    Service,
}
