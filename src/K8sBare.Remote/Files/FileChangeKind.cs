namespace K8sBare.Remote.Files;

/// <summary>What EnsureFile did (or, for a plan, would do) to a file.</summary>
public enum FileChangeKind
{
    /// <summary>Content, mode and owner already matched: nothing was written.</summary>
    Unchanged,

    /// <summary>The file did not exist and was created.</summary>
    Created,

    /// <summary>The file existed with different content, mode or owner and was rewritten.</summary>
    Updated,
}
