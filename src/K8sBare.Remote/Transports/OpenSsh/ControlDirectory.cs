using System.Security.Cryptography;
using K8sBare.Remote.Shell;

namespace K8sBare.Remote.Transports;

/// <summary>
/// A short private directory (mode 0700) for one connection's ControlMaster socket, so the socket path stays
/// far below the 108-byte (104 on macOS) Unix socket limit and nobody else can use it. Removed on close.
/// <see cref="SharedAsync"/> instead gives a stable per-user directory for a persistent master, kept on close.
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

    private ControlDirectory(string directoryPath, string socketPath)
    {
        DirectoryPath = directoryPath;
        SocketPath = socketPath;
        Persistent = true;
    }

    /// <summary>
    /// The stable per-user socket for a persistent master: <c>$XDG_RUNTIME_DIR/k8sbare-ssh/&lt;hash&gt;</c> (or
    /// <c>/tmp/k8sbare-ssh-&lt;uid&gt;/&lt;hash&gt;</c>), the directory 0700 and owned by this user.
    /// </summary>
    /// <param name="key">Everything that makes two connections interchangeable (target and options that matter).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<ControlDirectory> SharedAsync(string key, CancellationToken ct)
    {
        var hash = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];
        var uid = ProcessExec.EffectiveUid();
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(runtime) && Path.IsPathRooted(runtime) && System.IO.Directory.Exists(runtime)) candidates.Add(Path.Combine(runtime, "k8sbare-ssh"));
        candidates.Add(Path.Combine(System.IO.Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath(), "k8sbare-ssh-" + (uid >= 0 ? uid.ToString(System.Globalization.CultureInfo.InvariantCulture) : Environment.UserName)));
        foreach (var dir in candidates)
        {
            var socket = Path.Combine(dir, hash);
            if (socket.Length > MaxSocketPath) continue;
            await EnsurePrivateAsync(dir, uid, ct).ConfigureAwait(false);
            return new ControlDirectory(dir, socket);
        }
        throw new InvalidOperationException($"the persistent ControlMaster socket path under '{candidates[^1]}' is longer than {MaxSocketPath} characters; set a short XDG_RUNTIME_DIR or make /tmp available.");
    }

    /// <summary>Creates the directory 0700, or checks that an existing one is owned by this user and not open to others.</summary>
    private static async Task EnsurePrivateAsync(string dir, int uid, CancellationToken ct)
    {
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (OperatingSystem.IsWindows()) { System.IO.Directory.CreateDirectory(dir); return; }
        if (!System.IO.Directory.Exists(dir))
        {
            System.IO.Directory.CreateDirectory(dir, Private);
            return;
        }
        // A directory someone else created (e.g. in a shared /tmp) could hold a fake master: refuse it.
        var o = await ProcessExec.RunAsync("stat", ["-c", "%u %a %F", dir], null, TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        var fields = ProcessExec.Utf8(o.StdOut).Trim().Split(' ', 3);
        var ok = o.ExitCode == 0 && fields.Length == 3 && fields[2] == "directory" && fields[1] == "700"
                 && (uid < 0 || fields[0] == uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!ok)
            throw new InvalidOperationException($"the ControlMaster directory '{dir}' is not a 0700 directory owned by uid {uid} ({ProcessExec.Utf8(o.StdOut).Trim()}); refusing to share SSH masters through it.\nfix: remove it (rm -rf {dir}) or set XDG_RUNTIME_DIR to a private directory.");
    }

    public string DirectoryPath { get; }

    public string SocketPath { get; }

    /// <summary>True for a shared persistent master's directory: kept on close.</summary>
    public bool Persistent { get; }

    public void Dispose()
    {
        if (Persistent) return;
        try { System.IO.Directory.Delete(DirectoryPath, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
