using System.Diagnostics;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Support;

/// <summary>
/// One network namespace per address, all on one bridge (in a namespace of their own): processes started in member i
/// see exactly the address it was given (e.g. a rendered etcd member's), and reach the others. Removed on dispose.
/// </summary>
internal sealed class NetnsLab : IAsyncDisposable
{
    private readonly string _prefix = "kbct" + Guid.NewGuid().ToString("N")[..6];
    private readonly List<string> _namespaces = [];

    private NetnsLab()
    {
    }

    public static async Task<NetnsLab> CreateAsync(IReadOnlyList<string> addresses)
    {
        var lab = new NetnsLab();
        try
        {
            var hub = lab._prefix + "-hub";
            await lab.IpAsync("netns", "add", hub);
            lab._namespaces.Add(hub);
            await lab.IpAsync("-n", hub, "link", "add", "br0", "type", "bridge");
            await lab.IpAsync("-n", hub, "link", "set", "br0", "up");
            for (var i = 0; i < addresses.Count; i++)
            {
                var ns = lab.Namespace(i);
                await lab.IpAsync("netns", "add", ns);
                lab._namespaces.Add(ns);
                // Create the pair inside the member namespace, then move the outer end to the hub.
                await lab.IpAsync("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", $"p{i}");
                await lab.IpAsync("-n", ns, "link", "set", $"p{i}", "netns", hub);
                await lab.IpAsync("-n", hub, "link", "set", $"p{i}", "master", "br0", "up");
                await lab.IpAsync("-n", ns, "addr", "add", addresses[i] + "/24", "dev", "eth0");
                await lab.IpAsync("-n", ns, "link", "set", "eth0", "up");
                await lab.IpAsync("-n", ns, "link", "set", "lo", "up");
            }

            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public string Namespace(int i) => $"{_prefix}-{i}";

    /// <summary>Starts a long-running process in member <paramref name="i"/>, its output appended to <paramref name="log"/>.</summary>
    public Process Start(int i, string tool, IEnumerable<string> args, string log)
    {
        var psi = new ProcessStartInfo(TestEnvironment.RequireTool("ip")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", Namespace(i), tool }.Concat(args)) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var sink = TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) sink.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) sink.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs a tool to completion in member <paramref name="i"/>.</summary>
    public Task<ToolResult> RunAsync(int i, string tool, IEnumerable<string> args, IDictionary<string, string>? env = null) =>
        ProcessRunner.RunAsync("ip", ["netns", "exec", Namespace(i), tool, .. args], env: env);

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
            await ProcessRunner.RunAsync("ip", ["netns", "delete", ns]);
        _namespaces.Clear();
    }

    private async Task IpAsync(params string[] args) =>
        (await ProcessRunner.RunAsync("ip", args)).EnsureSuccess("ip " + string.Join(' ', args) + $" ({_prefix})");
}
