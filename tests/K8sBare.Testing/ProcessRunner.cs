using System.Diagnostics;

namespace K8sBare.Testing;

/// <summary>The result of running an external tool.</summary>
public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Throws with both streams when the exit code is not zero.</summary>
    public ToolResult EnsureSuccess(string what)
    {
        if (ExitCode != 0)
            throw new InvalidOperationException($"{what} exited {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
        return this;
    }
}

/// <summary>Runs external tools (openssl, kubectl, etcdctl, systemd-analyze, …) from tests.</summary>
public static class ProcessRunner
{
    /// <summary>Runs a tool to completion with a timeout; stdin is optional.</summary>
    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args, string? stdin = null,
        TimeSpan? timeout = null, string? workingDirectory = null, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(TestEnvironment.RequireTool(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in {timeout ?? TimeSpan.FromSeconds(60)}");
        }
        return new ToolResult(p.ExitCode, await so, await se);
    }

    /// <summary>Synchronous convenience wrapper.</summary>
    public static ToolResult Run(string tool, params string[] args) => RunAsync(tool, args).GetAwaiter().GetResult();
}
