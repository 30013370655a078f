using System.Globalization;
using System.Text;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using Microsoft.Extensions.Logging;

namespace K8sBare.Remote.Shell;

/// <summary>The <see cref="IHostConnection"/> operations implemented with POSIX shell scripts over an executor.</summary>
internal sealed class ShellOperations
{
    private const string Redacted = "<redacted>";
    private readonly IShellExecutor _exec;
    private readonly ILogger _logger;

    public ShellOperations(string host, IShellExecutor exec, ILogger logger, TimeSpan? defaultTimeout)
    {
        Host = host;
        _exec = exec;
        _logger = logger;
        DefaultTimeout = defaultTimeout;
    }

    public string Host { get; }

    /// <summary>True when commands are wrapped in <c>sudo -n</c>.</summary>
    public bool Become { get; set; }

    public TimeSpan? DefaultTimeout { get; }

    // "exec" spares the host's login shell a fork (dash and others do not exec the last command by themselves).
    private string Wrap(string shellArgs, bool? become) =>
        (become ?? Become) ? "exec sudo -n -- sh " + shellArgs : "exec sh " + shellArgs;

    private async Task<ProcessOutcome> ExecAsync(string commandLine, Stream? stdin, TimeSpan? timeout, string display, CancellationToken ct, bool readOnly = false)
    {
        var effective = timeout ?? DefaultTimeout;
        var start = stdin is { CanSeek: true } ? stdin.Position : -1;
        ProcessOutcome outcome;
        try
        {
            outcome = await _exec.ExecAsync(commandLine, stdin, effective, ct).ConfigureAwait(false);
        }
        catch (HostUnreachableException lost) when (readOnly && lost.ConnectionLost && (stdin is null || start >= 0) && !ct.IsCancellationRequested)
        {
            // A query changes nothing, so it is asked once more on a new connection; a change is never repeated blind.
            _logger.LogWarning("{Host}: the connection dropped during {What}; asking once more on a new connection", Host, display);
            if (stdin is not null) stdin.Position = start;
            outcome = await _exec.ExecAsync(commandLine, stdin, effective, ct).ConfigureAwait(false);
        }
        if (outcome.TimedOut) throw new CommandTimeoutException(Host, display, effective ?? TimeSpan.Zero);
        if (_exec.TransportFailure(outcome) is { } ex) throw ex;
        return outcome;
    }

    public async Task<CommandResult> RunAsync(string command, CommandOptions? options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= CommandOptions.Default;
        var display = options.Sensitive ? Redacted : command;
        _logger.LogDebug("{Host}: run {Command}", Host, display);
        using var stdin = options.StandardInput is { } bytes ? new MemoryStream(bytes.ToArray(), writable: false) : null;
        var o = await ExecAsync(Wrap("-c " + ShellQuote.Quote(command), options.Become), stdin, options.Timeout, display, ct, options.ReadOnly).ConfigureAwait(false);
        var result = new CommandResult(Host, o.ExitCode, ProcessExec.Utf8(o.StdOut), o.StdErr, o.Duration);
        _logger.LogDebug("{Host}: exit {ExitCode} in {Ms} ms", Host, o.ExitCode, (long)o.Duration.TotalMilliseconds);
        if (!result.Succeeded && !options.AllowNonZeroExit)
            throw new CommandFailedException(Host, display, result.ExitCode, options.Sensitive ? Redacted : result.StdOut, result.StdErr);
        return result;
    }

    private async Task<string> ScriptAsync(string script, string what, CancellationToken ct, bool readOnly = false)
    {
        var o = await ExecAsync(Wrap("-c " + ShellQuote.Quote(script), null), null, null, what, ct, readOnly).ConfigureAwait(false);
        if (o.ExitCode != 0) throw new CommandFailedException(Host, what, o.ExitCode, "", o.StdErr);
        return ProcessExec.Utf8(o.StdOut);
    }

    public async Task WriteFileAsync(string path, Stream content, FileWriteOptions? options, CancellationToken ct)
    {
        RemotePath.Validate(path);
        ArgumentNullException.ThrowIfNull(content);
        options ??= FileWriteOptions.Default;
        Stream source = content;
        FileStream? spool = null;
        try
        {
            if (!content.CanSeek)
            {
                // Unknown length: spool locally so the host can verify length and checksum before the rename.
                spool = new FileStream(Path.Combine(Path.GetTempPath(), "k8sbare-spool-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
                    FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await content.CopyToAsync(spool, ct).ConfigureAwait(false);
                spool.Position = 0;
                source = spool;
            }
            var start = source.Position;
            var size = source.Length - start;
            using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int n;
            while ((n = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0) sha.AppendData(buffer, 0, n);
            var hash = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
            source.Position = start;

            var what = $"atomic write of {path}";
            _logger.LogDebug("{Host}: write {Path} ({Mode}, {Size} bytes)", Host, path, FileModes.Format(options.Mode), size);
            var script = ShellScripts.AtomicWriteFromStdin(path, size, hash, options.Mode, options.Owner, options.CreateParents);
            ProcessOutcome o;
            try
            {
                o = await ExecAsync(Wrap("-c " + ShellQuote.Quote(script), null), source, null, what, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or CommandTimeoutException or HostUnreachableException)
            {
                // The client was killed: the host-side script may not have had the chance to remove its temp file.
                await RemoveTempFilesAsync(path).ConfigureAwait(false);
                throw;
            }
            if (o.ExitCode != 0) throw new CommandFailedException(Host, what, o.ExitCode, "", o.StdErr, WriteHint(path, o.StdErr));
        }
        finally
        {
            if (spool is not null) await spool.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RemoveTempFilesAsync(string path)
    {
        try
        {
            var script = "rm -f -- " + ShellQuote.Quote(RemotePath.Parent(path)) + "/" + ShellQuote.Quote("." + Path.GetFileName(path) + ".k8sbare.") + "??????";
            await _exec.ExecAsync(Wrap("-c " + ShellQuote.Quote(script), null), null, TimeSpan.FromSeconds(15), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception or RemoteException)
        {
            _logger.LogDebug("{Host}: could not remove temp files of {Path}: {Error}", Host, path, ex.Message);
        }
    }

    public async Task WriteFilesAsync(IReadOnlyList<RemoteFile> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) return;
        foreach (var f in files) _logger.LogDebug("{Host}: write {File}", Host, f.ToString());
        var script = ShellScripts.BatchWrite(files);
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(script), writable: false);
        var what = files.Count == 1 ? $"atomic write of {files[0].Path}" : $"batch write of {files.Count} files ({files[0].Path} …)";
        var o = await ExecAsync(Wrap("-s", null), stdin, null, what, ct).ConfigureAwait(false);
        var stdout = ProcessExec.Utf8(o.StdOut);
        if (o.ExitCode != 0 || !stdout.Contains("k8sbare-batch-ok", StringComparison.Ordinal))
            throw new CommandFailedException(Host, what, o.ExitCode == 0 ? -1 : o.ExitCode, "", o.StdErr, WriteHint(files[0].Path, o.StdErr));
    }

    private static string? WriteHint(string path, string stderr) =>
        stderr.Contains("Permission denied", StringComparison.Ordinal) || stderr.Contains("Operation not permitted", StringComparison.Ordinal)
            ? $"the login user may not write {path}: connect as root or enable become (passwordless sudo)."
            : stderr.Contains("invalid user", StringComparison.Ordinal) || stderr.Contains("invalid group", StringComparison.Ordinal)
                ? "the owner does not exist on the host: create the user/group first."
                : null;

    public async Task<byte[]?> ReadFileAsync(string path, CancellationToken ct)
    {
        RemotePath.Validate(path);
        var what = $"read of {path}";
        var o = await ExecAsync(Wrap("-c " + ShellQuote.Quote(ShellScripts.ReadFile(path)), null), null, null, what, ct, readOnly: true).ConfigureAwait(false);
        if (o.ExitCode == ShellScripts.MissingFileExit && o.StdErr.Contains(ShellScripts.MissingMarker, StringComparison.Ordinal)) return null;
        if (o.ExitCode != 0) throw new CommandFailedException(Host, what, o.ExitCode, "", o.StdErr);
        return o.StdOut;
    }

    public async Task<IReadOnlyList<RemoteFileState>> StatFilesAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) return [];
        foreach (var p in paths) RemotePath.Validate(p);
        var script = ShellScripts.Stat(paths);
        // Large path lists go through stdin to stay clear of argument length limits.
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(script), writable: false);
        var what = $"stat of {paths.Count} path(s) ({paths[0]} …)";
        var o = await ExecAsync(Wrap("-s", null), stdin, null, what, ct, readOnly: true).ConfigureAwait(false);
        if (o.ExitCode != 0) throw new CommandFailedException(Host, what, o.ExitCode, "", o.StdErr);
        return ParseStat(paths, ProcessExec.Utf8(o.StdOut));
    }

    internal static IReadOnlyList<RemoteFileState> ParseStat(IReadOnlyList<string> paths, string output)
    {
        var result = new RemoteFileState[paths.Count];
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) || i < 0 || i >= paths.Count) continue;
            var path = paths[i];
            result[i] = parts[1] switch
            {
                "D" => new RemoteFileState(path, true, true, null, ModeAt(parts, 2), At(parts, 3), SizeAt(parts, 4)),
                "F" => new RemoteFileState(path, true, false, At(parts, 2) is { } h && h != "-" ? h : null, ModeAt(parts, 3), At(parts, 4), SizeAt(parts, 5)),
                _ => RemoteFileState.Missing(path),
            };
        }
        for (var i = 0; i < result.Length; i++) result[i] ??= RemoteFileState.Missing(paths[i]);
        return result;
    }

    private static string? At(string[] parts, int i) => i < parts.Length ? parts[i] : null;

    private static UnixFileMode? ModeAt(string[] parts, int i) =>
        At(parts, i) is { } s && s.All(c => c is >= '0' and <= '7') ? FileModes.ParseReported(s) : null;

    private static long? SizeAt(string[] parts, int i) =>
        At(parts, i) is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public async Task<bool> EnsureDirectoryAsync(string path, UnixFileMode? mode, string? owner, CancellationToken ct)
    {
        RemotePath.Validate(path);
        var output = await ScriptAsync(ShellScripts.EnsureDirectory(path, mode, owner), $"ensure directory {path}", ct).ConfigureAwait(false);
        return output.Trim() == "1";
    }

    public async Task<bool> RemoveAsync(string path, CancellationToken ct)
    {
        RemotePath.Validate(path);
        if (path.TrimEnd('/').Length == 0) throw new ArgumentException($"refusing to remove '/' on host '{Host}'.", nameof(path));
        var output = await ScriptAsync(ShellScripts.Remove(path), $"remove {path}", ct).ConfigureAwait(false);
        return output.Trim() == "1";
    }

    public async Task<HostFacts> GatherFactsAsync(CancellationToken ct)
    {
        var output = await ScriptAsync(FactsScript.Text, "gather facts", ct, readOnly: true).ConfigureAwait(false);
        return FactsParser.Parse(Host, output);
    }
}
