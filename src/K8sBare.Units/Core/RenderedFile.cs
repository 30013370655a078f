using System.Globalization;

namespace K8sBare.Units;

/// <summary>
/// One generated file: where it goes on the host, its exact text (LF line endings) and its permission bits.
/// Rendering never touches a host; callers write these files themselves (or override <see cref="Path"/>).
/// </summary>
public sealed record RenderedFile
{
    /// <summary>Creates a rendered file.</summary>
    /// <param name="path">Absolute host path, e.g. <c>/etc/systemd/system/etcd.service</c>.</param>
    /// <param name="content">The file's text; LF line endings.</param>
    /// <param name="mode">Unix permission bits (default 0644).</param>
    public RenderedFile(string path, string content, UnixFileMode mode = DefaultMode)
    {
        Path = path;
        Content = content;
        Mode = mode;
    }

    /// <summary>rw-r--r--.</summary>
    public const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>rwxr-xr-x (init scripts, health-check scripts).</summary>
    public const UnixFileMode ExecutableMode = DefaultMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>rw------- (files that hold secrets, e.g. the encryption config).</summary>
    public const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Absolute path on the host.</summary>
    public string Path { get; init; }

    /// <summary>The exact file text (LF line endings, byte-stable).</summary>
    public string Content { get; init; }

    /// <summary>Permission bits.</summary>
    public UnixFileMode Mode { get; init; }

    /// <summary>Optional owner as <c>user:group</c>; null means the writer's default (root).</summary>
    public string? Owner { get; init; }

    /// <summary>The mode as a four-digit octal string, e.g. <c>0644</c>.</summary>
    public string ModeOctal => "0" + Convert.ToString((int)Mode, 8).PadLeft(3, '0');

    /// <summary>The file name part of <see cref="Path"/>.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Returns a copy placed at another path.</summary>
    /// <param name="path">The absolute host path the copy goes to (not checked here); content, mode and owner are kept.</param>
    public RenderedFile WithPath(string path) => this with { Path = path };

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path} ({ModeOctal}, {Content.Length} chars)");
}
