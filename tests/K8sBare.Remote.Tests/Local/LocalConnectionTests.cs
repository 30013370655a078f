using System.Net;
using System.Net.Sockets;
using System.Text;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Transports;
using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

public sealed class LocalConnectionTests : IDisposable
{
    private readonly TempDirectory _dir = new("k8sb-local");
    private readonly LocalConnection _host = new(new LocalOptions { Name = "local-test" });

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_returns_stdout_stderr_and_exit_code()
    {
        var r = await _host.RunAsync("echo out; echo err >&2; exit 3", new CommandOptions { AllowNonZeroExit = true });
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("out\n", r.StdOut);
        Assert.Equal("err\n", r.StdErr);
        Assert.False(r.Succeeded);
    }

    [Fact]
    public async Task Non_zero_exit_throws_with_all_three()
    {
        var ex = await Assert.ThrowsAsync<CommandFailedException>(() => _host.RunAsync("echo some-out; echo some-err >&2; exit 7"));
        Assert.Equal(7, ex.ExitCode);
        Assert.Equal("some-out\n", ex.StdOut);
        Assert.Equal("some-err\n", ex.StdErr);
        Assert.Equal("local-test", ex.Host);
        Assert.Contains("local-test", ex.Message);
        Assert.Contains("some-err", ex.Message);
        Assert.Contains("exited 7", ex.Message);
    }

    [Fact]
    public async Task Sensitive_command_is_redacted_from_the_exception()
    {
        var ex = await Assert.ThrowsAsync<CommandFailedException>(() =>
            _host.RunAsync("echo hunter2-secret >/dev/null; exit 1", new CommandOptions { Sensitive = true }));
        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.DoesNotContain("hunter2", ex.Command);
    }

    [Fact]
    public async Task Stdin_is_fed_to_the_command()
    {
        var r = await _host.RunAsync("tr a-z A-Z", new CommandOptions { StandardInput = Encoding.UTF8.GetBytes("hello") });
        Assert.Equal("HELLO", r.StdOut);
    }

    [Fact]
    public async Task Timeout_stops_the_command()
    {
        // A unique duration marks the process; after the timeout it must be gone (killed, not left running). It sleeps far
        // longer than the wait below, so a process that was not killed cannot end by itself in time and pass the test.
        var marker = "sleep 600." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ex = await Assert.ThrowsAsync<CommandTimeoutException>(() => _host.RunAsync(marker, new CommandOptions { Timeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Contains("local-test", ex.Message);
        Assert.Contains(marker, ex.Message);
        // SIGKILL was sent before the exception; wait (bounded) for the kernel to finish the process instead of sleeping.
        await Eventually.HoldsAsync(() => ProcessesRunning(marker).Count == 0, $"'{marker}' to be killed");
    }

    private static List<string> ProcessesRunning(string commandLine)
    {
        var found = new List<string>();
        foreach (var d in Directory.GetDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ').Trim() == commandLine) found.Add(d);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    [Fact]
    public async Task Cancellation_stops_the_command()
    {
        // As the timeout test: a unique, long sleep that cannot end by itself while the test waits for it to be gone.
        var marker = "sleep 600." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cts = new CancellationTokenSource();
        var running = _host.RunAsync(marker, null, cts.Token);
        await Eventually.HoldsAsync(() => ProcessesRunning(marker).Count > 0, $"'{marker}' to start");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await Eventually.HoldsAsync(() => ProcessesRunning(marker).Count == 0, $"'{marker}' to be killed");
    }

    [Fact]
    public async Task Upload_is_atomic_with_mode_and_read_back()
    {
        var path = _dir.Combine("sub", "dir", "key.pem");
        await _host.UploadAsync(path, Encoding.UTF8.GetBytes("secret-key\n"), new FileWriteOptions { Mode = FileModes.Private, Owner = "root:root" });
        Assert.Equal("secret-key\n", File.ReadAllText(path));
        Assert.Equal(FileModes.Private, File.GetUnixFileMode(path));
        Assert.Equal("secret-key\n", await _host.ReadTextAsync(path));
        Assert.Equal(FileHash.Sha256Hex(Encoding.UTF8.GetBytes("secret-key\n")), await _host.Sha256Async(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temp file left
    }

    [Fact]
    public async Task Interrupted_upload_keeps_the_old_file_and_leaves_no_temp_file()
    {
        var path = _dir.Combine("big.bin");
        File.WriteAllText(path, "old content");
        var stream = new TrippingStream(8 * 1024 * 1024, 1024 * 1024, () => throw new IOException("simulated network failure"));
        var ex = await Assert.ThrowsAsync<CommandFailedException>(() => _host.WriteFileAsync(path, stream));
        Assert.Contains("interrupted", ex.Message);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task Cancelled_upload_keeps_the_old_file_and_removes_the_temp_file()
    {
        var path = _dir.Combine("big2.bin");
        File.WriteAllText(path, "old content");
        using var cts = new CancellationTokenSource();
        var stream = new TrippingStream(64 * 1024 * 1024, 2 * 1024 * 1024, () => { cts.Cancel(); return Task.CompletedTask; });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _host.WriteFileAsync(path, stream, null, cts.Token));
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task Missing_file_reads_as_null_and_stats_as_missing()
    {
        Assert.Null(await _host.ReadFileAsync(_dir.Combine("nope")));
        var st = await _host.StatFilesAsync([_dir.Combine("nope"), _dir.Path]);
        Assert.False(st[0].Exists);
        Assert.True(st[1].IsDirectory);
    }

    [Fact]
    public async Task EnsureFile_reports_created_unchanged_and_updated()
    {
        var file = RemoteFile.FromText(_dir.Combine("etc", "a.conf"), "a=1\n", FileModes.Default, "root:root");
        Assert.Equal(FileChangeKind.Created, (await _host.EnsureFileAsync(file)).Kind);
        var mtime = File.GetLastWriteTimeUtc(file.Path);
        var inode = Inode(file.Path);
        Assert.Equal(FileChangeKind.Unchanged, (await _host.EnsureFileAsync(file)).Kind);
        Assert.Equal(inode, Inode(file.Path)); // not rewritten
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(file.Path));

        Assert.Equal(FileChangeKind.Updated, (await _host.EnsureFileAsync(file with { Mode = FileModes.Private })).Kind);
        Assert.Equal(FileModes.Private, File.GetUnixFileMode(file.Path));
        Assert.Equal(FileChangeKind.Updated, (await _host.EnsureFileAsync(RemoteFile.FromText(file.Path, "a=2\n", FileModes.Private))).Kind);
        Assert.Equal("a=2\n", File.ReadAllText(file.Path));
        Assert.Equal(FileChangeKind.Updated, (await _host.EnsureFileAsync(RemoteFile.FromText(file.Path, "a=2\n", FileModes.Private, "nobody"))).Kind);
        Assert.Equal(FileChangeKind.Unchanged, (await _host.EnsureFileAsync(RemoteFile.FromText(file.Path, "a=2\n", FileModes.Private, "nobody"))).Kind);
    }

    [Fact]
    public async Task EnsureFiles_writes_only_the_changed_ones_each_with_its_mode()
    {
        var files = Enumerable.Range(0, 12).Select(i => RemoteFile.FromText(_dir.Combine("many", $"f{i}.txt"), $"content {i}\n'quote' $dollar `tick`\n",
            i % 2 == 0 ? FileModes.Default : FileModes.Private)).ToList();
        files.Add(new RemoteFile(_dir.Combine("many", "empty"), Array.Empty<byte>()));
        files.Add(new RemoteFile(_dir.Combine("many", "binary"), Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()));
        var first = await _host.EnsureFilesAsync(files);
        Assert.All(first, c => Assert.Equal(FileChangeKind.Created, c.Kind));
        foreach (var f in files)
        {
            Assert.Equal(f.Content.ToArray(), File.ReadAllBytes(f.Path));
            Assert.Equal(f.Mode, File.GetUnixFileMode(f.Path));
        }
        File.WriteAllText(files[3].Path, "tampered");
        var second = await _host.EnsureFilesAsync(files);
        Assert.Equal([files[3].Path], second.Where(c => c.Changed).Select(c => c.Path));
        Assert.Equal(files[3].Content.ToArray(), File.ReadAllBytes(files[3].Path));
        Assert.Equal(files.Count, Directory.GetFiles(_dir.Combine("many")).Length); // no temp files
    }

    [Fact]
    public async Task EnsureDirectory_and_Remove_report_changes()
    {
        var d = _dir.Combine("x", "y");
        Assert.True(await _host.EnsureDirectoryAsync(d, FileModes.Parse("0700")));
        Assert.False(await _host.EnsureDirectoryAsync(d, FileModes.Parse("0700")));
        Assert.Equal(FileModes.Parse("0700"), File.GetUnixFileMode(d));
        Assert.True(await _host.EnsureDirectoryAsync(d, FileModes.Parse("0755")));
        Assert.True(await _host.RemoveAsync(_dir.Combine("x")));
        Assert.False(Directory.Exists(_dir.Combine("x")));
        Assert.False(await _host.RemoveAsync(_dir.Combine("x")));
    }

    [Fact]
    public async Task Write_failure_names_the_path_and_never_the_content()
    {
        File.WriteAllText(_dir.Combine("afile"), "x");
        var secret = RemoteFile.FromText(_dir.Combine("afile", "under-a-file.key"), "TOP-SECRET-KEY-MATERIAL");
        var ex = await Assert.ThrowsAsync<CommandFailedException>(() => _host.EnsureFilesAsync([secret]));
        Assert.Contains("under-a-file.key", ex.Message);
        Assert.DoesNotContain("TOP-SECRET", ex.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("TOP-SECRET-KEY-MATERIAL"))[..12], ex.ToString());
    }

    [Fact]
    public async Task Facts_describe_this_machine()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var facts = await _host.GatherFactsAsync();
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), facts.Hostname);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), facts.Kernel);
        Assert.Equal(ProcessRunner.Run("uname", "-m").EnsureSuccess("uname").StdOut.Trim(), facts.Architecture);
        Assert.NotEqual("", facts.OsId);
        Assert.True(facts.IsListening(port), $"port {port} not in {string.Join(",", facts.ListeningTcpPorts)}");
        Assert.True(facts.MemoryTotalBytes > 100L * 1024 * 1024);
        Assert.True(facts.DiskFreeBytes > 0);
        Assert.Equal(File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim() == "1", facts.IpForward);
        Assert.Equal(File.Exists("/sys/fs/cgroup/cgroup.controllers") ? 2 : 1, facts.CgroupVersion);
        Assert.Equal(File.ReadAllLines("/proc/swaps").Length > 1, facts.SwapEnabled);
        Assert.Equal(ExpectedInitSystem(), facts.InitSystem);
        Assert.Equal(0, facts.EffectiveUid);
    }

    /// <summary>An oracle independent of the facts script: what PID 1 is (as this process sees it).</summary>
    private static InitSystem ExpectedInitSystem()
    {
        var pid1 = File.ReadAllText("/proc/1/comm").Trim();
        if (pid1 == "systemd" && Directory.Exists("/run/systemd/system")) return InitSystem.Systemd;
        if (Directory.Exists("/run/openrc") || File.Exists("/sbin/openrc-run")) return InitSystem.OpenRc;
        return InitSystem.Unknown;
    }

    private static string Inode(string path) => ProcessRunner.Run("stat", "-c", "%i", path).EnsureSuccess("stat").StdOut.Trim();
}
