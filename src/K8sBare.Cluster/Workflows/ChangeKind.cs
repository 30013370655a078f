namespace K8sBare.Cluster;

/// <summary>
/// The one vocabulary of plans and apply results: what a planned step does, and what an apply changed.
/// <see cref="ServiceNotStarted"/> and <see cref="HealthChecked"/> are steps that change nothing.
/// </summary>
public enum ChangeKind
{
    /// <summary>A file was created.</summary>
    FileCreated,

    /// <summary>A file's content, mode or owner was rewritten.</summary>
    FileUpdated,

    /// <summary>A directory was created or got its mode.</summary>
    DirectoryEnsured,

    /// <summary>A binary was uploaded.</summary>
    BinaryUploaded,

    /// <summary>A binary already on the host was linked to its install path.</summary>
    BinaryLinked,

    /// <summary>A host setting was applied (sysctl, module, swap).</summary>
    HostSettingApplied,

    /// <summary>A service was enabled at boot.</summary>
    ServiceEnabled,

    /// <summary>A stopped service was started.</summary>
    ServiceStarted,

    /// <summary>A running service was restarted because its files changed.</summary>
    ServiceRestarted,

    /// <summary>A key was written in etcd.</summary>
    EtcdKeyWritten,

    /// <summary>etcd's authentication changed: a role, user, permission or the auth switch (least-privilege roles per client certificate).</summary>
    EtcdAccessChanged,

    /// <summary>A member was added to etcd (as a learner; the target names it and its ID).</summary>
    EtcdMemberAdded,

    /// <summary>An etcd learner was promoted to a voting member.</summary>
    EtcdMemberPromoted,

    /// <summary>A member was removed from etcd by ID (without contacting it).</summary>
    EtcdMemberRemoved,

    /// <summary>An object was created or updated through the Kubernetes API.</summary>
    ApiObjectApplied,

    /// <summary>An image archive was imported into containerd (<see cref="ContainerRuntimeSettings.PreloadImages"/>).</summary>
    ImageImported,

    /// <summary>A service is installed and enabled but cannot start (a binary is missing); not a change.</summary>
    ServiceNotStarted,

    /// <summary>A health gate: wait until members, the API or nodes are healthy; not a change.</summary>
    HealthChecked,
}
