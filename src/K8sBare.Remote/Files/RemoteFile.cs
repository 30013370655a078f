using System.Text;

namespace K8sBare.Remote.Files;

/// <summary>
/// A file as it should be on a host: absolute path, content, mode and (optionally) owner.
/// The content is never logged nor put in exception messages.
/// </summary>
public sealed record RemoteFile
{
    /// <summary>Creates a file description.</summary>
    /// <param name="path">Absolute, normalized path on the host (no <c>..</c>, NUL or newline).</param>
    /// <param name="content">The exact bytes.</param>
    /// <param name="mode">Permission bits; defaults to 0644.</param>
    /// <param name="owner">Owner as <c>user</c> or <c>user:group</c> (names or numeric ids, as <c>chown</c> takes them); null leaves ownership alone.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not an absolute, normalized host path.</exception>
    public RemoteFile(string path, ReadOnlyMemory<byte> content, UnixFileMode? mode = null, string? owner = null)
    {
        RemotePath.Validate(path);
        Path = path;
        Content = content;
        Mode = mode ?? FileModes.Default;
        Owner = string.IsNullOrWhiteSpace(owner) ? null : owner;
    }

    /// <summary>Creates a file from UTF-8 text (no BOM).</summary>
    /// <param name="path">Absolute, normalized path on the host (no <c>..</c>, NUL or newline).</param>
    /// <param name="text">The text; written as-is (use LF line endings).</param>
    /// <param name="mode">Permission bits; defaults to 0644.</param>
    /// <param name="owner">Owner as <c>user</c> or <c>user:group</c> (names or numeric ids, as <c>chown</c> takes them); null leaves ownership alone.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not an absolute, normalized host path.</exception>
    public static RemoteFile FromText(string path, string text, UnixFileMode? mode = null, string? owner = null) =>
        new(path, Encoding.UTF8.GetBytes(text), mode, owner);

    /// <summary>Absolute path on the host.</summary>
    public string Path { get; }

    /// <summary>The exact bytes of the file.</summary>
    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>Permission bits (e.g. 0644, 0600 for private keys).</summary>
    public UnixFileMode Mode { get; init; }

    /// <summary>Owner as <c>user</c> or <c>user:group</c>; null leaves ownership alone.</summary>
    public string? Owner { get; init; }

    /// <summary>The lowercase hex SHA-256 of <see cref="Content"/>.</summary>
    public string Sha256 => _sha256 ??= FileHash.Sha256Hex(Content.Span);

    private string? _sha256;

    /// <summary>A description without the content, safe to log.</summary>
    public override string ToString() =>
        $"{Path} ({FileModes.Format(Mode)}{(Owner is null ? "" : " " + Owner)}, {Content.Length} bytes, sha256 {Sha256[..12]})";
}
