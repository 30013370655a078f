using System.Diagnostics;
using System.Text;

namespace K8sBare.Remote.Shell;

/// <summary>Runs a local process with stdin streaming, binary stdout capture, timeout and cancellation.</summary>
internal static class ProcessExec
{
    public static async Task<ProcessOutcome> RunAsync(string fileName, IReadOnlyList<string> args, Stream? stdin,
        TimeSpan? timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) psi.Environment[k] = v;

        var sw = Stopwatch.StartNew();
        using var p = new Process { StartInfo = psi };
        try
        {
            p.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"cannot run '{fileName}': {ex.Message}. Install it (Debian: apt-get install {(Path.GetFileName(fileName) == "ssh" ? "openssh-client" : "coreutils")}) or put it on PATH.", ex);
        }
        using var timeoutCts = timeout is { } t && t > TimeSpan.Zero ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);

        var stdoutBuffer = new MemoryStream();
        var stdoutTask = p.StandardOutput.BaseStream.CopyToAsync(stdoutBuffer, CancellationToken.None);
        var stderrTask = p.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdinTask = FeedStdinAsync(p, stdin, linked.Token);

        try
        {
            await p.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(p);
            await Task.WhenAny(Task.WhenAll(stdoutTask, stderrTask, stdinTask), Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            return new ProcessOutcome(-1, stdoutBuffer.ToArray(), Completed(stderrTask), sw.Elapsed, TimedOut: true);
        }

        // The process exited; its pipes may still be held by a detached child (e.g. an ssh master), so bound the wait.
        await Task.WhenAny(Task.WhenAll(stdoutTask, stderrTask), Task.Delay(5000, CancellationToken.None)).ConfigureAwait(false);
        try { await stdinTask.ConfigureAwait(false); } catch (OperationCanceledException) { }
        return new ProcessOutcome(p.ExitCode, stdoutBuffer.ToArray(), Completed(stderrTask), sw.Elapsed, TimedOut: false);
    }

    private static string Completed(Task<string> t) => t.IsCompletedSuccessfully ? t.Result : "";

    private static async Task FeedStdinAsync(Process p, Stream? stdin, CancellationToken ct)
    {
        try
        {
            if (stdin is not null)
                await stdin.CopyToAsync(p.StandardInput.BaseStream, 81920, ct).ConfigureAwait(false);
        }
        catch (IOException) { /* the process closed its stdin, or the source failed: the host-side checks see a short input */ }
        catch (ObjectDisposedException) { }
        catch (InvalidOperationException) { }
        finally
        {
            // Always close stdin so the host side sees end-of-input (and, for uploads, the short length) instead of waiting.
            try { p.StandardInput.Close(); }
            catch (IOException) { }
            catch (InvalidOperationException) { }
        }
    }

    private static void Kill(Process p)
    {
        try { p.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    public static string Utf8(byte[] data) => Encoding.UTF8.GetString(data);

    /// <summary>The effective uid of this process (from /proc/self/status); -1 when unknown (not Linux).</summary>
    public static int EffectiveUid()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return -1;
    }
}
