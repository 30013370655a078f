using System.Security.Cryptography;

namespace K8sBare.Remote.Transports;

/// <summary>
/// A short private directory (mode 0700) for one connection's ControlMaster socket, so the socket path stays
/// far below the 108-byte (104 on macOS) Unix socket limit and nobody else can use it. Removed on close.
/// </summary>
internal sealed class ControlDirectory : IDisposable
{
    private const int MaxSocketPath = 100;

    public ControlDirectory()
    {
        var baseDir = System.IO.Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (var attempt = 0; ; attempt++)
        {
            var name = "kb-" + new string(Enumerable.Range(0, 10).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
            var dir = Path.Combine(baseDir, name);
            if (System.IO.Directory.Exists(dir)) continue;
            if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(dir);
            else System.IO.Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            DirectoryPath = dir;
            break;
        }
        SocketPath = Path.Combine(DirectoryPath, "s");
        if (SocketPath.Length > MaxSocketPath)
            throw new InvalidOperationException($"the ControlMaster socket path '{SocketPath}' is longer than {MaxSocketPath} characters; make /tmp available or set a short TMPDIR.");
    }

    public string DirectoryPath { get; }

    public string SocketPath { get; }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(DirectoryPath, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
