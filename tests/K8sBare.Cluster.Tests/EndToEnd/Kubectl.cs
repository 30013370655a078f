using System.Diagnostics;
using K8sBare.Cluster.Apply;
using K8sBare.Testing;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>kubectl with the rendered admin kubeconfig.</summary>
internal sealed class Kubectl(string kubeconfig, ITestOutputHelper output)
{
    /// <summary>Writes the apply's admin kubeconfig (mode 0600) to <paramref name="path"/> and returns kubectl with it.</summary>
    public static async Task<Kubectl> ForAdminAsync(ApplyResult applied, string path, ITestOutputHelper output)
    {
        await File.WriteAllTextAsync(path, applied.Artifacts!.OperatorFiles["admin.kubeconfig"].Content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new Kubectl(path, output);
    }

    public async Task<string> RunAsync(string[] args, string? stdin = null)
    {
        var r = await TryAsync(args, stdin);
        if (r.ExitCode != 0) throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited {r.ExitCode}: {r.StdErr}{r.StdOut}");
        return r.StdOut;
    }

    public Task ApplyAsync(string yaml) => RunAsync(["apply", "-f", "-"], yaml);

    /// <summary>Waits until the Node's Ready condition is True.</summary>
    public Task WaitNodeReadyAsync(string node, TimeSpan timeout) =>
        WaitAsync(["get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"], o => o.Trim() == "True", timeout);

    public async Task WaitAsync(string[] args, Func<string, bool> done, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var last = await TryAsync(args);
            if (last.ExitCode == 0 && done(last.StdOut)) return;
            if (sw.Elapsed > timeout)
            {
                output.WriteLine($"kubectl {string.Join(' ', args)}: {last.StdOut}{last.StdErr}");
                Assert.Fail($"kubectl {string.Join(' ', args)} did not reach the expected state within {timeout}; last: {last.StdOut}{last.StdErr}");
            }

            await Task.Delay(1000);
        }
    }

    private Task<ToolResult> TryAsync(string[] args, string? stdin = null) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--request-timeout=20s", .. args], stdin, TimeSpan.FromSeconds(60));
}
