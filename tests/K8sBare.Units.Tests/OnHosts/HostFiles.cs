using System.Text;
using K8sBare.Testing.Testbed;
using K8sBare.Units.Services;

namespace K8sBare.Units.Tests.OnHosts;

/// <summary>Puts rendered files on a testbed host over real ssh (as K8sBare would push them) and reads state back out of band.</summary>
internal static class HostFiles
{
    public static async Task InstallAsync(TestbedHost host, RenderedFile file, string mode = "0644")
    {
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(file.Content));
        var dir = file.Path[..file.Path.LastIndexOf('/')];
        (await host.SshAsync($"set -e; mkdir -p '{dir}'; printf '%s' '{b64}' | base64 -d > '{file.Path}.tmp'; chmod {mode} '{file.Path}.tmp'; mv '{file.Path}.tmp' '{file.Path}'"))
            .EnsureSuccess($"installing {file.Path} on {host.Name} over ssh");
        // Byte-for-byte what was rendered (no CRLF, no lost trailing newline).
        var back = await host.ExecAsync($"base64 -w0 '{file.Path}'");
        Assert.Equal(b64, back.StdOut.Trim());
    }

    /// <summary>Copies a binary of this machine into a booted host (through its root directory as seen from here).</summary>
    public static async Task CopyBinaryAsync(TestbedHost host, string source, string destination)
    {
        var root = host.RootDirectory ?? throw new InvalidOperationException($"{host.Name} is a light host");
        var target = Path.Combine(root, destination.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        File.SetUnixFileMode(target, (UnixFileMode)Convert.ToInt32("755", 8));
        (await host.ExecAsync($"test -x '{destination}' && '{destination}' --version")).EnsureSuccess($"{destination} --version on {host.Name}");
    }

    /// <summary>Runs <paramref name="command"/> in the host until it exits 0 (or the time is up); returns the last result.</summary>
    public static async Task<ToolResult> WaitForAsync(TestbedHost host, string command, TimeSpan within)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var r = await host.ExecAsync(command, TimeSpan.FromSeconds(30));
            if (r.ExitCode == 0 || sw.Elapsed > within) return r;
            await Task.Delay(200);
        }
    }
}
