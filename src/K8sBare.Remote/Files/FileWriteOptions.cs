namespace K8sBare.Remote.Files;

/// <summary>Mode, owner and parent handling for an atomic write.</summary>
public sealed record FileWriteOptions
{
    /// <summary>Default options: mode 0644, owner unchanged, parents created.</summary>
    public static FileWriteOptions Default { get; } = new();

    /// <summary>Permission bits; defaults to 0644.</summary>
    public UnixFileMode Mode { get; init; } = FileModes.Default;

    /// <summary>Owner as <c>user</c> or <c>user:group</c>; null leaves ownership to the writing user.</summary>
    public string? Owner { get; init; }

    /// <summary>When true (default) missing parent directories are created.</summary>
    public bool CreateParents { get; init; } = true;
}
