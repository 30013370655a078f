namespace K8sBare.Cluster.Planning;

/// <summary>What would happen to one item.</summary>
public enum PlannedChange
{
    /// <summary>Already as desired.</summary>
    Unchanged,

    /// <summary>Would be created (file) or installed (service).</summary>
    Create,

    /// <summary>Would be rewritten (file) or restarted (service).</summary>
    Change,

    /// <summary>A stopped service would be started.</summary>
    Start,

    /// <summary>A binary would be uploaded.</summary>
    Upload,

    /// <summary>An on-host binary would be linked to its install path.</summary>
    Link,

    /// <summary>Cannot happen: a binary is missing and has no source.</summary>
    Blocked,
}
