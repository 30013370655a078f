namespace K8sBare.Cluster.Apply;

/// <summary>The state an <see cref="ApplyEvent"/> reports.</summary>
public enum ApplyEventState
{
    /// <summary>A phase or step started.</summary>
    Started,

    /// <summary>Finished and changed something.</summary>
    Changed,

    /// <summary>Finished; nothing needed changing.</summary>
    Unchanged,

    /// <summary>Not run (not selected, not applicable, or the target is offline).</summary>
    Skipped,

    /// <summary>Finished with a problem that does not stop the apply.</summary>
    Warning,

    /// <summary>Failed; the apply stops after this phase.</summary>
    Failed,
}
