namespace K8sBare.Remote.Files;

/// <summary>The outcome of ensuring one file.</summary>
/// <param name="Host">The host.</param>
/// <param name="Path">The file's absolute path.</param>
/// <param name="Kind">Created, updated or unchanged.</param>
/// <param name="Before">The file's state before (never contains content).</param>
public sealed record FileChange(string Host, string Path, FileChangeKind Kind, RemoteFileState Before)
{
    /// <summary>True when the file was written.</summary>
    public bool Changed => Kind != FileChangeKind.Unchanged;
}
