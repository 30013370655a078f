using K8sBare.Units.Components;
using K8sBare.Units.Tests.Support;

namespace K8sBare.Units.Tests.Integration;

/// <summary>haproxy -c, nginx -t and keepalived --config-test accept the generated HA endpoint configs.</summary>
public sealed class LoadBalancerRealTests
{
    [RequiresFact("haproxy")]
    public async Task Haproxy_accepts_the_config_without_warnings()
    {
        using var dir = new TempDirectory("k8sbare-units-lb");
        var path = dir.Combine("haproxy.cfg");
        await File.WriteAllTextAsync(path, SampleCluster.Haproxy.RenderConfig());
        var r = await ProcessRunner.RunAsync("haproxy", ["-c", "-f", path]);
        Assert.True(r.ExitCode == 0, $"haproxy -c: {r.StdOut}{r.StdErr}");
        Assert.DoesNotContain("WARNING", r.StdOut + r.StdErr, StringComparison.Ordinal);
        Assert.Contains("Configuration file is valid", r.StdOut + r.StdErr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 12's real run: the external load balancer's host (a test-bed container, hard nofile limit 20000) would not
    /// start haproxy with the rendered config — "Cannot raise FD limit to 40052" for its fixed maxconn 20000.
    /// </summary>
    [RequiresFact("haproxy", "prlimit")]
    public async Task Haproxy_starts_and_serves_under_a_hard_open_files_limit_of_a_few_thousand()
    {
        using var dir = new TempDirectory("k8sbare-units-lb");
        var path = dir.Combine("haproxy.cfg");
        var port = FreePort.Next();
        var options = SampleCluster.Haproxy with { BindAddress = "127.0.0.1", Port = port, Backends = [new ApiServerBackend("a", "127.0.0.1", FreePort.Next())] };
        await File.WriteAllTextAsync(path, options.RenderConfig());
        using var haproxy = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("prlimit", ["--nofile=1024:4096", "haproxy", "-db", "-f", path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var stderr = haproxy.StandardError.ReadToEndAsync();
        try
        {
            // Listening on its frontend, or gone: whichever comes first.
            while (!haproxy.HasExited)
            {
                using var client = new System.Net.Sockets.TcpClient();
                try
                {
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                    return;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.Fail($"haproxy exited {haproxy.ExitCode} instead of listening on 127.0.0.1:{port}: {await stderr}");
        }
        finally
        {
            if (!haproxy.HasExited) haproxy.Kill();
            await haproxy.WaitForExitAsync();
        }
    }

    [RequiresFact("haproxy")]
    public async Task Haproxy_rejects_a_broken_config_so_the_check_can_fail()
    {
        using var dir = new TempDirectory("k8sbare-units-lb");
        var path = dir.Combine("haproxy.cfg");
        await File.WriteAllTextAsync(path, SampleCluster.Haproxy.RenderConfig().Replace("balance roundrobin", "balance nonsense", StringComparison.Ordinal));
        var r = await ProcessRunner.RunAsync("haproxy", ["-c", "-f", path]);
        Assert.NotEqual(0, r.ExitCode);
        // The specific rejection (the balance algorithm), not any failure.
        Assert.Contains("balance only supports", r.StdErr, StringComparison.Ordinal);
    }

    [RequiresFact("nginx")]
    public async Task Nginx_accepts_the_stream_config()
    {
        using var dir = new TempDirectory("k8sbare-units-lb");
        var options = SampleCluster.Nginx with
        {
            ConfigPath = dir.Combine("nginx.conf"),
            PidFile = dir.Combine("nginx.pid"),
            ErrorLog = dir.Combine("error.log"),
        };
        Assert.True(File.Exists(options.StreamModulePath), $"{options.StreamModulePath} is missing: apt-get install libnginx-mod-stream (test.sh installs it)");
        await File.WriteAllTextAsync(options.ConfigPath, options.RenderConfig());
        var r = await ProcessRunner.RunAsync("nginx", ["-t", "-c", options.ConfigPath, "-e", options.ErrorLog]);
        Assert.True(r.ExitCode == 0, $"nginx -t: {r.StdOut}{r.StdErr}");
        Assert.Contains("test is successful", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("[warn]", r.StdErr, StringComparison.Ordinal);
    }

    [RequiresTheory("keepalived")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Keepalived_accepts_the_vrrp_config_and_its_check_script(bool preempt)
    {
        using var dir = new TempDirectory("k8sbare-units-lb");
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = SampleCluster.Keepalived with
        {
            Preempt = preempt,
            ConfigPath = dir.Combine("keepalived.conf"),
            CheckScriptPath = dir.Combine("check_apiserver.sh"),
        };
        foreach (var f in options.RenderConfigFiles())
        {
            await File.WriteAllTextAsync(f.Path, f.Content);
            File.SetUnixFileMode(f.Path, f.Mode);
        }
        var r = await ProcessRunner.RunAsync("keepalived", ["--config-test", "--use-file", options.ConfigPath]);
        // A missing/unsafe check script makes keepalived print "Disabling track script" (and exit 5): demand silence.
        Assert.True(r.ExitCode == 0 && (r.StdOut + r.StdErr).Trim().Length == 0, $"keepalived --config-test: exit {r.ExitCode}\n{r.StdOut}{r.StdErr}");
    }

    [RequiresFact("keepalived")]
    public async Task Keepalived_rejects_a_broken_config_so_the_check_can_fail()
    {
        using var dir = new TempDirectory("k8sbare-units-lb");
        var path = dir.Combine("keepalived.conf");
        await File.WriteAllTextAsync(path, SampleCluster.Keepalived.RenderConfig().Replace("virtual_router_id 51", "virtual_router_id banana", StringComparison.Ordinal));
        var r = await ProcessRunner.RunAsync("keepalived", ["--config-test", "--use-file", path]);
        Assert.NotEqual(0, r.ExitCode);
        // The specific rejection (the router id), not any failure.
        Assert.Contains("VRID 'banana' not valid", r.StdOut + r.StdErr, StringComparison.Ordinal);
    }
}
