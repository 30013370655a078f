using System.Diagnostics;
using System.Text;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Remote.Transports;

/// <summary>
/// A folder per host that mirrors absolute paths (<c>/etc/x</c> is <c>&lt;Root&gt;/etc/x</c>) and records the
/// commands that would run instead of running them. It is the dry-run and render-to-folder target.
/// Files are written atomically with their mode; owners cannot be applied without root and real users, so
/// they are recorded in <c>.k8sbare/owners</c> and reported back by <see cref="StatFilesAsync"/>.
/// The commands log is <c>.k8sbare/commands.sh</c>: deterministic (no timestamps), one line per change,
/// file contents never included (only their SHA-256).
/// </summary>
public sealed class DirectoryConnection : IHostConnection
{
    /// <summary>The folder (under <see cref="DirectoryHostOptions.Root"/>) holding the commands log and owner records.</summary>
    public const string StateFolder = ".k8sbare";

    private readonly object _gate = new();
    private readonly List<string> _commands = [];
    private readonly ILogger _logger;
    private SortedDictionary<string, string>? _owners;
    private bool _logStarted;

    /// <summary>Opens (and creates) a host folder.</summary>
    /// <param name="options">The folder (relative paths against the current directory), name (default: the folder's name), init system, facts, log mode.</param>
    /// <param name="logger">Optional logger (commands at Debug level; file contents never).</param>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    public DirectoryConnection(DirectoryHostOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Root = Path.GetFullPath(options.Root);
        Name = options.Name ?? Path.GetFileName(Root.TrimEnd(Path.DirectorySeparatorChar));
        _logger = logger ?? NullLogger.Instance;
        System.IO.Directory.CreateDirectory(Root);
        _logStarted = options.AppendToLog;
    }

    /// <summary>The settings this connection was created with.</summary>
    public DirectoryHostOptions Options { get; }

    /// <summary>The absolute folder standing for the host's <c>/</c>.</summary>
    public string Root { get; }

    /// <summary>The commands log file (<c>&lt;Root&gt;/.k8sbare/commands.sh</c>).</summary>
    public string CommandsLogPath => Path.Combine(Root, StateFolder, "commands.sh");

    /// <summary>The commands recorded by this connection, in order (the same lines as the log, without its header).</summary>
    public IReadOnlyList<string> RecordedCommands { get { lock (_gate) return [.. _commands]; } }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public HostTransport Transport => HostTransport.Directory;

    /// <summary>Maps a host path to its place in the folder (<c>/etc/x</c> → <c>&lt;Root&gt;/etc/x</c>).</summary>
    /// <param name="hostPath">An absolute, normalized host path (no <c>..</c>, NUL or newline).</param>
    /// <exception cref="ArgumentException"><paramref name="hostPath"/> is not an absolute, normalized host path, or would leave the folder.</exception>
    public string MapPath(string hostPath)
    {
        RemotePath.Validate(hostPath);
        var rel = hostPath.TrimStart('/');
        if (rel.Length == 0) return Root;
        // Second wall behind Validate's '..' check: the mapped path stays under the folder after normalisation.
        var full = Path.GetFullPath(Path.Combine(Root, rel.Replace('/', Path.DirectorySeparatorChar)));
        var prefix = Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException($"host path '{hostPath}' would leave the folder {Root}.", nameof(hostPath));
        return full;
    }

    /// <summary>Records the command (unless it is read-only) and reports success with empty output.</summary>
    /// <param name="command">The command line.</param>
    /// <param name="options">Options; <see cref="CommandOptions.Sensitive"/> commands are recorded as a redacted comment.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<CommandResult> RunAsync(string command, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= CommandOptions.Default;
        if (!options.ReadOnly)
            Record(options.Sensitive ? "# <redacted command>" : command.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'));
        return Task.FromResult(new CommandResult(Name, 0, "", "", TimeSpan.Zero));
    }

    /// <inheritdoc />
    public async Task WriteFileAsync(string path, Stream content, FileWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= FileWriteOptions.Default;
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var file = new RemoteFile(path, buffer.ToArray(), options.Mode, options.Owner);
        if (!options.CreateParents && !System.IO.Directory.Exists(Path.GetDirectoryName(MapPath(path))))
            throw new Errors.CommandFailedException(Name, $"atomic write of {path}", 1, "", $"directory {RemotePath.Parent(path)} does not exist");
        Write(file);
    }

    /// <inheritdoc />
    public Task WriteFilesAsync(IReadOnlyList<RemoteFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var f in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(f);
        }
        return Task.CompletedTask;
    }

    private void Write(RemoteFile file)
    {
        var target = MapPath(file.Path);
        var dir = Path.GetDirectoryName(target)!;
        System.IO.Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(target) + ".k8sbare." + Guid.NewGuid().ToString("N")[..6]);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                fs.Write(file.Content.Span);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, file.Mode);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        if (file.Owner is not null) SetOwner(file.Path, file.Owner);
        _logger.LogDebug("{Host}: wrote {File}", Name, file.ToString());
        Record($"# file {ShellQuote.Quote(file.Path)} mode {FileModes.Format(file.Mode)}{(file.Owner is null ? "" : " owner " + file.Owner)} size {file.Content.Length} sha256 {file.Sha256}");
    }

    /// <inheritdoc />
    public Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = MapPath(path);
        return Task.FromResult(File.Exists(target) ? File.ReadAllBytes(target) : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RemoteFileState>> StatFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var result = new List<RemoteFileState>(paths.Count);
        foreach (var p in paths)
        {
            var target = MapPath(p);
            var owner = OwnerOf(p);
            if (System.IO.Directory.Exists(target))
                result.Add(new RemoteFileState(p, true, true, null, ModeOf(target), owner, 0));
            else if (File.Exists(target))
            {
                var bytes = File.ReadAllBytes(target);
                result.Add(new RemoteFileState(p, true, false, FileHash.Sha256Hex(bytes), ModeOf(target), owner, bytes.Length));
            }
            else result.Add(RemoteFileState.Missing(p));
        }
        return Task.FromResult<IReadOnlyList<RemoteFileState>>(result);
    }

    /// <inheritdoc />
    public Task<bool> EnsureDirectoryAsync(string path, UnixFileMode? mode = null, string? owner = null, CancellationToken cancellationToken = default)
    {
        var target = MapPath(path);
        var changed = false;
        if (!System.IO.Directory.Exists(target))
        {
            System.IO.Directory.CreateDirectory(target);
            changed = true;
            Record($"mkdir -p {ShellQuote.Quote(path)}");
        }
        if (mode is { } m && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(target) & (UnixFileMode)0xFFF) != m)
        {
            File.SetUnixFileMode(target, m);
            changed = true;
            Record($"chmod {FileModes.FormatShort(m)} {ShellQuote.Quote(path)}");
        }
        if (owner is not null && OwnerOf(path) != owner)
        {
            SetOwner(path, owner);
            changed = true;
            Record($"chown {ShellQuote.Quote(owner)} {ShellQuote.Quote(path)}");
        }
        return Task.FromResult(changed);
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = MapPath(path);
        if (target == Root) throw new ArgumentException($"refusing to remove '/' of host folder '{Root}'.", nameof(path));
        var existed = false;
        if (System.IO.Directory.Exists(target)) { System.IO.Directory.Delete(target, recursive: true); existed = true; }
        else if (File.Exists(target)) { File.Delete(target); existed = true; }
        if (existed)
        {
            Record($"rm -rf -- {ShellQuote.Quote(path)}");
            lock (_gate)
            {
                var owners = LoadOwners();
                foreach (var k in owners.Keys.Where(k => k == path || k.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal)).ToList())
                    owners.Remove(k);
                SaveOwners(owners);
            }
        }
        return Task.FromResult(existed);
    }

    /// <summary>Returns <see cref="DirectoryHostOptions.Facts"/>, or minimal facts naming the host and its init system.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<HostFacts> GatherFactsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Options.Facts ?? new HostFacts { Host = Name, Hostname = Name, InitSystem = Options.InitSystem, EffectiveUid = 0 });

    /// <summary>Nothing to close: the log is written as commands are recorded.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static UnixFileMode? ModeOf(string target) =>
        OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(target) & (UnixFileMode)0xFFF;

    private void Record(string line)
    {
        lock (_gate)
        {
            _commands.Add(line);
            var log = CommandsLogPath;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            if (!_logStarted || !File.Exists(log))
            {
                File.WriteAllText(log, $"#!/bin/sh\n# Commands for host {Name}, recorded by the K8sBare Directory transport (not run).\n");
                _logStarted = true;
            }
            File.AppendAllText(log, line + "\n", new UTF8Encoding(false));
        }
    }

    private string? OwnerOf(string path)
    {
        lock (_gate) return LoadOwners().GetValueOrDefault(path);
    }

    private void SetOwner(string path, string owner)
    {
        lock (_gate)
        {
            var owners = LoadOwners();
            if (owners.TryGetValue(path, out var cur) && cur == owner) return;
            owners[path] = owner;
            SaveOwners(owners);
        }
    }

    private SortedDictionary<string, string> LoadOwners()
    {
        if (_owners is not null) return _owners;
        _owners = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var file = Path.Combine(Root, StateFolder, "owners");
        if (File.Exists(file))
            foreach (var line in File.ReadAllLines(file))
            {
                var i = line.IndexOf('\t', StringComparison.Ordinal);
                if (i > 0) _owners[line[..i]] = line[(i + 1)..];
            }
        return _owners;
    }

    private void SaveOwners(SortedDictionary<string, string> owners)
    {
        var file = Path.Combine(Root, StateFolder, "owners");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var sb = new StringBuilder();
        foreach (var (k, v) in owners) sb.Append(k).Append('\t').Append(v).Append('\n');
        File.WriteAllText(file, sb.ToString(), new UTF8Encoding(false));
        Debug.Assert(owners == _owners);
    }
}
