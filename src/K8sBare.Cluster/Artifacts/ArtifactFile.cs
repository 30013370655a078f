using System.Security.Cryptography;
using System.Text;

namespace K8sBare.Cluster.Artifacts;

/// <summary>One file for one host: absolute path, mode, owner and exact text (LF, byte-stable).</summary>
public sealed record ArtifactFile
{
    /// <summary>The absolute path on the host.</summary>
    public required string Path { get; init; }

    /// <summary>The exact text.</summary>
    public required string Content { get; init; }

    /// <summary>Permission bits (0600 for keys and kubeconfigs).</summary>
    public UnixFileMode Mode { get; init; } = DefaultMode;

    /// <summary>Owner as <c>user:group</c>.</summary>
    public string Owner { get; init; } = "root:root";

    /// <summary>The component the file belongs to (its service restarts when it changes).</summary>
    public ClusterComponent Component { get; init; }

    /// <summary>What the file is.</summary>
    public ArtifactKind Kind { get; init; } = ArtifactKind.Config;

    /// <summary>True for private keys and files embedding them; never logged.</summary>
    public bool IsSecret => (Mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) == 0;

    /// <summary>The UTF-8 bytes.</summary>
    public byte[] Bytes => Encoding.UTF8.GetBytes(Content);

    /// <summary>The lowercase hex SHA-256 of the content.</summary>
    public string Sha256 => _sha ??= Convert.ToHexString(SHA256.HashData(Bytes)).ToLowerInvariant();

    private string? _sha;

    /// <summary>0644.</summary>
    public const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0600.</summary>
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0755.</summary>
    public const UnixFileMode ExecutableMode = DefaultMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The mode as four octal digits.</summary>
    public string ModeOctal => Convert.ToString((int)Mode & 0xFFF, 8).PadLeft(4, '0');

    /// <summary>A description without content, safe to log.</summary>
    public override string ToString() => $"{Path} ({ModeOctal} {Owner}, {Content.Length} chars)";
}
