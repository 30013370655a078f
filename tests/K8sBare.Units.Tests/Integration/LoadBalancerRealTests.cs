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

    /// <summary>
    /// Issue 12's real run: with an apiserver powered off, half the new connections through the external load balancer
    /// failed until its health checks took the server out (27 s): each was sent to the dead server and retried there.
    /// Here two HTTPS /healthz servers are up behind haproxy, then one stops listening; every new connection made
    /// through haproxy right after must still reach the other.
    /// </summary>
    [RequiresFact("haproxy")]
    public async Task Haproxy_sends_a_connection_that_reaches_a_dead_apiserver_to_a_live_one()
    {
        using var dir = new TempDirectory("k8sbare-units-lb");
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var cert = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=apiserver", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var serving = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(cert.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
        using var stop = new CancellationTokenSource();
        var dying = Serve("dying");
        var live = Serve("live");
        var port = FreePort.Next();
        var options = SampleCluster.Haproxy with { BindAddress = "127.0.0.1", Port = port, Backends = [new ApiServerBackend("dying", "127.0.0.1", dying.Port), new ApiServerBackend("live", "127.0.0.1", live.Port)] };
        var path = dir.Combine("haproxy.cfg");
        await File.WriteAllTextAsync(path, options.RenderConfig());
        using var haproxy = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("haproxy", ["-db", "-f", path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _ = haproxy.StandardError.ReadToEndAsync();
        try
        {
            // Both backends answer through haproxy (round robin), then one stops listening: its port refuses connections.
            var before = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 50 && before.Count < 2; i++) before.Add(await GetThroughAsync(port));
            Assert.Equal(["dying", "live"], before.Order(StringComparer.Ordinal));
            dying.Listener.Stop();
            var answers = new List<string>();
            for (var i = 0; i < 6; i++) answers.Add(await GetThroughAsync(port));
            Assert.True(answers.All(a => a == "live"), $"answers through haproxy after a backend died: {string.Join(", ", answers)}");
        }
        finally
        {
            if (!haproxy.HasExited) haproxy.Kill();
            await haproxy.WaitForExitAsync();
            await stop.CancelAsync();
            live.Listener.Stop();
            await Task.WhenAll(dying.Loop, live.Loop);
        }

        (System.Net.Sockets.TcpListener Listener, int Port, Task Loop) Serve(string name)
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var loop = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    System.Net.Sockets.TcpClient c;
                    try { c = await listener.AcceptTcpClientAsync(stop.Token); }
                    catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException) { return; }
                    _ = Task.Run(async () =>
                    {
                        using (c)
                        {
                            try
                            {
                                await using var tls = new System.Net.Security.SslStream(c.GetStream());
                                await tls.AuthenticateAsServerAsync(serving);
                                _ = await tls.ReadAsync(new byte[4096]);
                                await tls.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {name.Length}\r\nConnection: close\r\n\r\n{name}"));
                            }
                            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
                            {
                            }
                        }
                    });
                }
            });
            return (listener, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port, loop);
        }

        static async Task<string> GetThroughAsync(int port)
        {
            using var client = new System.Net.Sockets.TcpClient();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                    break;
                }
                catch (System.Net.Sockets.SocketException) when (attempt < 100)
                {
                    await Task.Delay(100); // haproxy still starting
                }
            }

            try
            {
                await using var tls = new System.Net.Security.SslStream(client.GetStream(), false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync("apiserver");
                await tls.WriteAsync("GET /healthz HTTP/1.1\r\nHost: apiserver\r\n\r\n"u8.ToArray());
                using var reader = new StreamReader(tls);
                var response = await reader.ReadToEndAsync();
                return response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                return "failed (" + ex.GetType().Name + ")";
            }
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
