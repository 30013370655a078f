using System.Diagnostics;

namespace K8sBare.Testing.Testbed;

/// <summary>Runs the machine's tools (ip, nsenter, mount, ssh-keygen, bash) for the testbed, with cancellation.</summary>
internal static class Shell
{
    public static readonly string StandardPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct,
        TimeSpan? timeout = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(TestEnvironment.RequireTool(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = StandardPath;
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        var so = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var se = p.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (stdin is not null) await p.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            p.StandardInput.Close();
        }
        catch (IOException) { } // the tool exited before reading its input
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(limit);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish within {limit}");
        }
        return new ToolResult(p.ExitCode, await so, await se);
    }

    /// <summary>Runs a bash script; throws with both streams when it fails.</summary>
    public static async Task<ToolResult> BashAsync(string script, string what, CancellationToken ct, TimeSpan? timeout = null)
    {
        var r = await RunAsync("bash", ["-euo", "pipefail", "-c", script], ct, timeout);
        return r.EnsureSuccess(what);
    }

    /// <summary>Single-quotes a string for bash.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Reads an embedded script (Testbed/Scripts/*.sh).</summary>
    public static string EmbeddedScript(string fileName)
    {
        var asm = typeof(Shell).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith("." + fileName, StringComparison.Ordinal));
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>Sends a signal to a process; false when it no longer exists.</summary>
    public static bool Signal(int pid, int signal) => Native.kill(pid, signal) == 0;

    /// <summary>True when the process exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && state != 'X';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Waits until the process is gone; false on timeout.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (sw.Elapsed > timeout) return false;
            await Task.Delay(50, ct);
        }
        return true;
    }
}
