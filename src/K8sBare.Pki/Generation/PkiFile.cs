namespace K8sBare.Pki.Generation;

/// <summary>A rendered PKI file for one host: absolute path, Unix mode and content.</summary>
public sealed record PkiFile
{
    /// <summary>Absolute path on the host.</summary>
    public required string Path { get; init; }

    /// <summary>Unix mode (0600 for keys and kubeconfigs, 0644 otherwise).</summary>
    public required UnixFileMode Mode { get; init; }

    /// <summary>Owner (user[:group]) on the host.</summary>
    public string Owner { get; init; } = "root";

    /// <summary>The file content (PEM or kubeconfig YAML, LF endings).</summary>
    public required string Content { get; init; }

    /// <summary>True when the content holds a private key (never log it).</summary>
    public required bool IsSecret { get; init; }

    /// <summary>The catalogue entry the file comes from.</summary>
    public required string EntryName { get; init; }

    /// <summary>Redacts the content.</summary>
    public override string ToString() =>
        $"PkiFile {{ Path = {Path}, Mode = {Convert.ToString((int)Mode, 8)}, Entry = {EntryName}, {(IsSecret ? "secret" : $"{Content.Length} chars")} }}";
}
