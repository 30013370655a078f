using System.Text;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Services;
using K8sBare.Remote.Transports;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Contract;

/// <summary>What a contract test may change from the testbed's connection settings.</summary>
public sealed record ContractSettings
{
    public string? User { get; init; }
    public string? IdentityFile { get; init; }
    public string? KnownHostsFile { get; init; }
    public HostKeyPolicy HostKeyPolicy { get; init; } = HostKeyPolicy.Strict;
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The connection contract every SSH transport must keep, run on real testbed hosts (booted systemd <c>sd</c>, booted
/// OpenRC <c>rc</c>, light <c>light-1</c>). Every outcome is judged from the host itself, out of band (nsenter), never
/// from what the transport reports. Each transport has one subclass that only says how to connect.
/// </summary>
[Collection(ContractCollection.Name)]
public abstract class HostConnectionContract(ContractTestbedFixture fixture)
{
    protected K8sBare.Testing.Testbed.Testbed Tb => fixture.Testbed;

    /// <summary>The transport under test.</summary>
    protected abstract HostTransport Transport { get; }

    /// <summary>Connects to a testbed host: root, the testbed key, the host's own known_hosts, strict host keys, unless changed.</summary>
    protected abstract Task<IHostConnection> ConnectAsync(TestbedHost host, ContractSettings? settings = null, CancellationToken ct = default);

    /// <summary>A path private to this transport, so the two classes never see each other's files.</summary>
    private string P(string path) => $"/srv/contract-{Transport.ToString().ToLowerInvariant()}{path}";

    // ---------------------------------------------------------------- commands

    [RequiresTheory("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    [InlineData("sd")]
    [InlineData("rc")]
    public async Task Commands_return_exit_codes_stdout_stderr_and_take_stdin(string name)
    {
        await using var host = await ConnectAsync(Tb[name]);
        Assert.Equal(Transport, host.Transport);
        Assert.Equal(name, host.Name);
        var r = await host.RunAsync("echo o; echo e >&2; exit 42", new CommandOptions { AllowNonZeroExit = true });
        Assert.Equal((42, "o\n", "e\n"), (r.ExitCode, r.StdOut, r.StdErr));
        var own255 = await Assert.ThrowsAsync<CommandFailedException>(() => host.RunAsync("echo bad >&2; exit 255"));
        Assert.Equal((255, "bad\n", name), (own255.ExitCode, own255.StdErr, own255.Host)); // the command's own 255 is no transport failure
        Assert.Equal("HELLO", (await host.RunAsync("tr a-z A-Z", new CommandOptions { StandardInput = Encoding.UTF8.GetBytes("hello") })).StdOut);
        Assert.Equal((await Tb[name].ExecAsync("cat /etc/hostname")).StdOut, (await host.RunAsync("cat /etc/hostname")).StdOut);
        var secret = await Assert.ThrowsAsync<CommandFailedException>(() => host.RunAsync("echo hunter2 >/dev/null; exit 3", new CommandOptions { Sensitive = true }));
        Assert.DoesNotContain("hunter2", secret.Message);
        // commands run concurrently over one connection: each waits until all four have started, or the test times out
        var started = Enumerable.Range(0, 4).Select(i => P($"/conc/{i}")).ToList();
        await host.RunAsync($"rm -rf {P("/conc")}; mkdir -p {P("/conc")}");
        var all = started.Select(s => host.RunAsync(
            $"touch {s}; i=0; while [ $(ls {P("/conc")} | wc -l) -lt 4 ]; do i=$((i+1)); [ $i -lt 3000 ] || exit 9; sleep 0.02; done"));
        await Task.WhenAll(all);
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task A_timeout_raises_CommandTimeoutException_and_the_connection_keeps_working()
    {
        await using var host = await ConnectAsync(Tb["sd"]);
        var ex = await Assert.ThrowsAsync<CommandTimeoutException>(() => host.RunAsync("sleep 60", new CommandOptions { Timeout = TimeSpan.FromMilliseconds(500) }));
        Assert.Contains("sd", ex.Message);
        Assert.Equal("still\n", (await host.RunAsync("echo still")).StdOut);
        using var cts = new CancellationTokenSource();
        await Tb["sd"].ExecAsync($"rm -f {P("/cancel-started")}");
        var running = host.RunAsync($"mkdir -p {P("")}; touch {P("/cancel-started")}; sleep 60", null, cts.Token);
        await WaitForAsync(async () => (await Tb["sd"].ExecAsync($"test -e {P("/cancel-started")}")).ExitCode == 0, "the command to start");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal("after\n", (await host.RunAsync("echo after")).StdOut);
    }

    // ---------------------------------------------------------------- files

    [RequiresTheory("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    [InlineData("sd")]
    [InlineData("rc")]
    public async Task EnsureFiles_sets_content_mode_and_owner_and_a_rerun_touches_nothing(string name)
    {
        var h = Tb[name];
        await using var host = await ConnectAsync(h);
        var dir = P("/files");
        await host.RemoveAsync(dir);
        var files = Enumerable.Range(0, 10)
            .Select(i => RemoteFile.FromText($"{dir}/f{i}.conf", $"value {i}\n'quote' $x `tick`\n", i == 0 ? FileModes.Private : FileModes.Default, i == 1 ? "nobody:nogroup" : "root:root"))
            .Append(new RemoteFile($"{dir}/binary", Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()))
            .Append(new RemoteFile($"{dir}/empty", Array.Empty<byte>()))
            .ToList();
        Assert.All(await host.EnsureFilesAsync(files), c => Assert.Equal(FileChangeKind.Created, c.Kind));
        var before = (await h.ExecAsync($"cd {dir} && stat -c '%n %a %U:%G %i %Y' * && sha256sum * && ls -A | wc -l")).EnsureSuccess("stat").StdOut;
        Assert.Contains("f0.conf 600 root:root", before);
        Assert.Contains("f1.conf 644 nobody:nogroup", before);
        Assert.Contains("f2.conf 644 root:root", before);
        Assert.Contains(FileHash.Sha256Hex(files[10].Content.Span) + "  binary", before);
        Assert.Contains(FileHash.Sha256Hex(files[7].Content.Span) + "  f7.conf", before);
        Assert.EndsWith("\n12\n", before); // no temp files

        Assert.All(await host.EnsureFilesAsync(files), c => Assert.Equal(FileChangeKind.Unchanged, c.Kind));
        Assert.Equal(before, (await h.ExecAsync($"cd {dir} && stat -c '%n %a %U:%G %i %Y' * && sha256sum * && ls -A | wc -l")).StdOut); // same inodes, mtimes

        await h.ExecAsync($"echo tampered > {dir}/f5.conf; chmod 666 {dir}/f6.conf");
        var changes = await host.EnsureFilesAsync(files);
        Assert.Equal([$"{dir}/f5.conf", $"{dir}/f6.conf"], changes.Where(c => c.Changed).Select(c => c.Path));
        Assert.Equal("value 5\n'quote' $x `tick`\n644\n", (await h.ExecAsync($"cat {dir}/f5.conf; stat -c %a {dir}/f6.conf")).StdOut);

        Assert.Equal(files[10].Content.ToArray(), await host.ReadFileAsync($"{dir}/binary"));
        Assert.Null(await host.ReadFileAsync($"{dir}/missing"));
        var st = await host.StatFilesAsync([$"{dir}/f0.conf", $"{dir}/missing", dir]);
        Assert.Equal((true, FileModes.Private, "root:root", 26L), (st[0].Exists, st[0].Mode, st[0].Owner, st[0].Size));
        Assert.False(st[1].Exists);
        Assert.True(st[2].IsDirectory);
        Assert.True(await host.EnsureDirectoryAsync($"{dir}/sub", FileModes.Parse("0700")));
        Assert.False(await host.EnsureDirectoryAsync($"{dir}/sub", FileModes.Parse("0700")));
        Assert.Equal("700\n", (await h.ExecAsync($"stat -c %a {dir}/sub")).StdOut);
        Assert.True(await host.RemoveAsync(dir));
        Assert.Equal("gone\n", (await h.ExecAsync($"test -e {dir} || echo gone")).StdOut);
        Assert.False(await host.RemoveAsync(dir));
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task A_file_above_the_batch_limit_is_streamed_atomically_and_verified_on_the_host()
    {
        var h = Tb["rc"];
        await using var host = await ConnectAsync(h);
        var big = new byte[HostConnectionExtensions.BatchFileSizeLimit + 123_457];
        new Random(7).NextBytes(big);
        var file = new RemoteFile(P("/big/blob.bin"), big, FileModes.Private, "root:root");
        Assert.Equal(FileChangeKind.Created, (await host.EnsureFileAsync(file)).Kind);
        Assert.Equal($"{FileHash.Sha256Hex(big)}\n600 root:root {big.Length}\nblob.bin\n",
            (await h.ExecAsync($"sha256sum < {file.Path} | cut -d' ' -f1; stat -c '%a %U:%G %s' {file.Path}; ls -A {P("/big")}")).StdOut);
        Assert.Equal(FileChangeKind.Unchanged, (await host.EnsureFileAsync(file)).Kind);
    }

    // ---------------------------------------------------------------- facts and services

    [RequiresTheory("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    [InlineData("sd", InitSystem.Systemd)]
    [InlineData("rc", InitSystem.OpenRc)]
    public async Task Facts_match_what_the_host_says(string name, InitSystem init)
    {
        var h = Tb[name];
        await using var host = await ConnectAsync(h);
        var f = await host.GatherFactsAsync();
        Assert.Equal(init, f.InitSystem);
        Assert.Equal(name, f.Hostname);
        Assert.Equal("debian", f.OsId);
        Assert.Contains(h.Address, f.IpAddresses);
        Assert.True(f.IsListening(22), string.Join(",", f.ListeningTcpPorts));
        Assert.Equal((await h.ExecAsync("uname -r")).StdOut.Trim(), f.Kernel);
        Assert.Equal((await h.ExecAsync("cat /proc/sys/net/ipv4/ip_forward")).StdOut.Trim() == "1", f.IpForward);
        Assert.Equal(0, f.EffectiveUid);
        Assert.IsType(init == InitSystem.Systemd ? typeof(SystemdServiceManager) : typeof(OpenRcServiceManager), await host.GetServiceManagerAsync());
    }

    private const string DemoLoop = "#!/bin/sh\nwhile true; do echo k8sbare-tick; sleep 1; done\n";

    private const string SystemdUnit = "[Unit]\nDescription=K8sBare contract demo\n\n[Service]\nExecStart=/usr/local/bin/k8sbare-contract-demo.sh\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string OpenRcScript = "#!/sbin/openrc-run\nname=\"k8sbare-contract-demo\"\ncommand=\"/usr/local/bin/k8sbare-contract-demo.sh\"\nsupervisor=supervise-daemon\npidfile=\"/run/${RC_SVCNAME}.pid\"\noutput_log=\"/var/log/k8sbare-contract-demo.log\"\nerror_log=\"/var/log/k8sbare-contract-demo.err\"\n";

    [RequiresTheory("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    [InlineData("sd")]
    [InlineData("rc")]
    public async Task Service_lifecycle_install_enable_start_restart_stop_uninstall(string name)
    {
        const string svcName = "k8sbare-contract-demo";
        var h = Tb[name];
        var systemd = name == "sd";
        var probe = systemd ? $"systemctl is-active {svcName}" : $"rc-service {svcName} status >/dev/null 2>&1 && echo active || echo inactive";
        var enabledProbe = systemd ? "ls /etc/systemd/system/multi-user.target.wants/" : "rc-update show default";
        await using var host = await ConnectAsync(h);
        var svc = await host.GetServiceManagerAsync();
        try
        {
            await host.EnsureFileAsync(RemoteFile.FromText("/usr/local/bin/k8sbare-contract-demo.sh", DemoLoop, FileModes.Executable, "root:root"));
            var definition = systemd ? SystemdUnit : OpenRcScript;
            Assert.True((await svc.InstallAsync(svcName, definition)).Changed);
            Assert.False((await svc.InstallAsync(svcName, definition)).Changed);
            await svc.DaemonReloadAsync();
            await svc.EnableAsync(svcName);
            await svc.EnableAsync(svcName);
            await svc.StartAsync(svcName);
            Assert.Equal("active\n", (await h.ExecAsync(probe)).StdOut);
            Assert.Contains(svcName, (await h.ExecAsync(enabledProbe)).StdOut);
            var status = await svc.GetStatusAsync(svcName);
            Assert.True(status.Active && status.Enabled && status.Installed, status.ToString());
            Assert.NotNull(status.MainPid);
            Assert.Equal("0\n", (await h.ExecAsync($"kill -0 {status.MainPid}; echo $?")).StdOut);
            // The service's own process (the script; comm is its name cut to 15 characters), not a supervisor.
            Assert.Equal("k8sbare-contrac\n", (await h.ExecAsync($"cat /proc/{status.MainPid}/comm")).StdOut);
            await WaitForAsync(async () => (await svc.ReadLogAsync(svcName, 20)).Contains("k8sbare-tick", StringComparison.Ordinal), "the service's log line");
            await svc.RestartAsync(svcName);
            var after = await svc.GetStatusAsync(svcName);
            Assert.True(after.Active);
            Assert.NotEqual(status.MainPid, after.MainPid);
            Assert.Equal("k8sbare-contrac\n", (await h.ExecAsync($"cat /proc/{after.MainPid}/comm")).StdOut);
            Assert.Equal("1\n", (await h.ExecAsync($"kill -0 {status.MainPid} 2>/dev/null; echo $?")).StdOut); // the old process is gone
            await svc.StopAsync(svcName);
            Assert.Equal("inactive\n", (await h.ExecAsync(probe)).StdOut);
            await svc.StopAsync(svcName);
        }
        finally
        {
            await svc.UninstallAsync(svcName);
        }
        Assert.Equal("gone\n", (await h.ExecAsync($"test -e {svc.DefinitionPath(svcName)} || echo gone")).StdOut);
        Assert.DoesNotContain(svcName, (await h.ExecAsync(enabledProbe)).StdOut);
    }

    // Issue 14 §6: an OpenRC status that does not answer (openrc-run waits for its child without a limit) once held an apply
    // for the connection's whole command timeout (600 s). It must fail within its own bound, naming the host and the command,
    // and leave nothing running on the host. Before the fix this test fails: nothing answers within its guard.
    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task An_OpenRC_status_that_does_not_answer_fails_within_its_bound_naming_host_and_command()
    {
        const string svcName = "k8sbare-contract-hang";
        var marker = "4" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var h = Tb["rc"];
        await using var host = await ConnectAsync(h);
        var svc = new OpenRcServiceManager(host) { StatusTimeout = TimeSpan.FromSeconds(3) };
        await host.EnsureFileAsync(RemoteFile.FromText(svc.DefinitionPath(svcName), $"#!/sbin/openrc-run\nstatus() {{\n\tsleep {marker}\n}}\n", FileModes.Executable, "root:root"));
        try
        {
            // The guard only keeps a broken product from holding the suite for the connection's 10 minutes.
            var guard = TimeSpan.FromMinutes(3);
            var ex = await Assert.ThrowsAsync<CommandTimeoutException>(() => svc.GetStatusAsync(svcName).WaitAsync(guard));
            Assert.Equal($"rc-service {svcName} status", ex.Command);
            Assert.Equal(TimeSpan.FromSeconds(3), ex.Timeout);
            Assert.Contains($"host '{host.Name}'", ex.Message, StringComparison.Ordinal);

            // A restart whose status check runs out fails the same way: it neither restarts nor falls back to a start.
            var restart = await Assert.ThrowsAsync<CommandTimeoutException>(() => svc.RestartAsync(svcName).WaitAsync(guard));
            Assert.Equal($"rc-service {svcName} status", restart.Command);
            Assert.Equal("stopped\n", (await h.ExecAsync($"test -e /run/openrc/started/{svcName} && echo started || echo stopped")).StdOut);

            // Stopped on the host, not only abandoned by the client: no status (nor its child) is left running.
            Assert.Equal("", (await h.ExecAsync($"pgrep -f 'slee[p] {marker}' || true")).StdOut);
        }
        finally
        {
            await host.RunAsync($"pkill -f 'slee[p] {marker}' || true; rm -f {svc.DefinitionPath(svcName)}");
        }
    }

    // ---------------------------------------------------------------- sudo

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", "sudo", Root = true)]
    public async Task A_non_root_user_becomes_root_through_sudo_n_and_one_without_sudo_gets_the_fix()
    {
        var h = Tb["light-1"];
        (await h.ExecAsync(
            "id deploy >/dev/null 2>&1 || useradd -M -d /nonexistent -s /bin/sh deploy; usermod -p '*' deploy; " +
            "echo 'deploy ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/k8sbare-deploy; chmod 0440 /etc/sudoers.d/k8sbare-deploy; " +
            "id nosudo >/dev/null 2>&1 || useradd -M -d /nonexistent -s /bin/sh nosudo; usermod -p '*' nosudo")).EnsureSuccess("useradd");
        var uid = (await h.ExecAsync("id -u deploy")).StdOut;
        await using (var host = await ConnectAsync(h, new ContractSettings { User = "deploy" }))
        {
            Assert.Equal("0\n", (await host.RunAsync("id -u")).StdOut);
            Assert.Equal(uid, (await host.RunAsync("id -u", new CommandOptions { Become = false })).StdOut);
            await host.EnsureFilesAsync([RemoteFile.FromText(P("/become/secret"), "s\n", FileModes.Private, "root:root")]);
            Assert.Equal("600 root:root\n", (await h.ExecAsync($"stat -c '%a %U:%G' {P("/become/secret")}")).StdOut);
            Assert.Equal("s\n", await host.ReadTextAsync(P("/become/secret")));
            Assert.Equal(0, (await host.GatherFactsAsync()).EffectiveUid);
        }
        await using var plain = await ConnectAsync(h, new ContractSettings { User = "nosudo" });
        var ex = await Assert.ThrowsAsync<CommandFailedException>(() => plain.RunAsync("true"));
        Assert.Contains("passwordless sudo", ex.Message);
        Assert.Contains("light-1", ex.Message);
    }

    // ---------------------------------------------------------------- host keys and credentials

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task An_unknown_host_key_is_refused_by_default_and_the_file_is_left_alone()
    {
        using var dir = new TempDirectory("k8sb-contract");
        var empty = dir.Combine("known_hosts");
        File.WriteAllText(empty, "");
        var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() => ConnectAsync(Tb["sd"], new ContractSettings { KnownHostsFile = empty }));
        Assert.Equal(HostKeyProblem.Unknown, ex.Problem);
        Assert.Contains("sd", ex.Message);
        Assert.Contains("TrustOnFirstUse", ex.Message);
        Assert.Equal("", File.ReadAllText(empty));
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Trust_on_first_use_records_the_hosts_real_key_then_strict_accepts_it()
    {
        var h = Tb["sd"];
        using var dir = new TempDirectory("k8sb-contract");
        var file = dir.Combine("tofu_known_hosts");
        await using (var host = await ConnectAsync(h, new ContractSettings { KnownHostsFile = file, HostKeyPolicy = HostKeyPolicy.TrustOnFirstUse }))
            await host.RunAsync("true");
        var real = (await h.ExecAsync("cat /etc/ssh/ssh_host_ed25519_key.pub")).EnsureSuccess("host key").StdOut.Split(' ').Take(2);
        Assert.Equal([string.Join(' ', real)], new KnownHostsFile(file).KeysFor(h.Address, h.Port));
        await using var again = await ConnectAsync(h, new ContractSettings { KnownHostsFile = file });
        Assert.Equal("ok\n", (await again.RunAsync("echo ok")).StdOut);
    }

    [RequiresTheory("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    [InlineData(HostKeyPolicy.Strict)]
    [InlineData(HostKeyPolicy.TrustOnFirstUse)]
    public async Task A_changed_host_key_is_refused_with_either_policy_and_the_file_is_left_alone(HostKeyPolicy policy)
    {
        var h = Tb["rc"];
        using var dir = new TempDirectory("k8sb-contract");
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", dir.Combine("impostor")])).EnsureSuccess("ssh-keygen");
        var kh = dir.Combine("known_hosts");
        new KnownHostsFile(kh).Add(h.Address, h.Port, File.ReadAllText(dir.Combine("impostor.pub")));
        var content = File.ReadAllText(kh);
        var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() => ConnectAsync(h, new ContractSettings { KnownHostsFile = kh, HostKeyPolicy = policy }));
        Assert.Equal(HostKeyProblem.Changed, ex.Problem);
        Assert.Contains("CHANGED", ex.Message);
        Assert.Contains("rc", ex.Message);
        Assert.Contains("ssh-keygen -R", ex.Message);
        Assert.Equal(content, File.ReadAllText(kh));
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Hashed_known_hosts_entries_written_by_ssh_keygen_are_honoured()
    {
        var h = Tb["rc"];
        using var dir = new TempDirectory("k8sb-contract");
        var kh = dir.Combine("known_hosts");
        File.Copy(h.KnownHostsFile, kh);
        (await ProcessRunner.RunAsync("ssh-keygen", ["-H", "-f", kh])).EnsureSuccess("ssh-keygen -H");
        Assert.DoesNotContain(h.Address, File.ReadAllText(kh)); // really hashed
        Assert.StartsWith("|1|", File.ReadAllText(kh));
        await using (var host = await ConnectAsync(h, new ContractSettings { KnownHostsFile = kh }))
            Assert.Equal("ok\n", (await host.RunAsync("echo ok")).StdOut);

        // a hashed entry with another key for this host is a changed key, not an unknown one
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", dir.Combine("impostor")])).EnsureSuccess("ssh-keygen");
        var other = dir.Combine("other_known_hosts");
        new KnownHostsFile(other).Add(h.Address, h.Port, File.ReadAllText(dir.Combine("impostor.pub")));
        (await ProcessRunner.RunAsync("ssh-keygen", ["-H", "-f", other])).EnsureSuccess("ssh-keygen -H");
        var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() => ConnectAsync(h, new ContractSettings { KnownHostsFile = other }));
        Assert.Equal(HostKeyProblem.Changed, ex.Problem);
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task A_key_the_host_does_not_authorize_gives_an_authentication_error()
    {
        using var dir = new TempDirectory("k8sb-contract");
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", dir.Combine("stranger")])).EnsureSuccess("ssh-keygen");
        var ex = await Assert.ThrowsAsync<RemoteAuthenticationException>(() => ConnectAsync(Tb["sd"], new ContractSettings { IdentityFile = dir.Combine("stranger") }));
        Assert.Contains("sd", ex.Message);
        Assert.Contains("authorized_keys", ex.Message);
    }

    // ---------------------------------------------------------------- interruptions

    [RequiresTheory("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    [InlineData("sd")]
    [InlineData("rc")]
    public async Task Cancelling_an_upload_keeps_the_old_file_and_leaves_no_temp_file(string name)
    {
        var h = Tb[name];
        await using var host = await ConnectAsync(h);
        var path = P("/cancel/big.bin");
        await host.UploadAsync(path, Encoding.UTF8.GetBytes("old content\n"));
        using var cts = new CancellationTokenSource();
        var stream = new TrippingStream(256L * 1024 * 1024, 8L * 1024 * 1024, () => { cts.Cancel(); return Task.CompletedTask; });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.WriteFileAsync(path, stream, null, cts.Token));
        Assert.True(stream.Tripped);
        Assert.Equal("old content\n", (await h.ExecAsync($"cat {path}")).StdOut);
        await WaitForAsync(async () => (await h.ExecAsync($"ls -A {P("/cancel")}")).StdOut == "big.bin\n", "the temp file to be removed");
        Assert.Equal("old content\n", await host.ReadTextAsync(path)); // and the connection still works
    }

    [RequiresTheory("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    [InlineData("sd")]
    [InlineData("rc")]
    public async Task A_connection_cut_mid_upload_keeps_the_old_file_and_the_next_command_reconnects(string name)
    {
        var h = Tb[name];
        await using var host = await ConnectAsync(h);
        var path = P("/cut/big.bin");
        await host.UploadAsync(path, Encoding.UTF8.GetBytes("old content\n"));
        // the cut kills exactly the session processes serving this upload (found from the writer of its temp file) and
        // waits until the host has dropped that TCP connection; it throws when it finds nothing to cut
        SshCutResult? cut = null;
        Exception? cutError = null;
        var stream = new TrippingStream(256L * 1024 * 1024, 16L * 1024 * 1024, async () =>
        {
            try { cut = await SshCut.CutConnectionWritingAsync(h, P("/cut/.big.bin.k8sbare.")); }
            catch (Exception e) { cutError = e; throw; }
        });
        var failure = await Record.ExceptionAsync(() => host.WriteFileAsync(path, stream));
        Assert.True(stream.Tripped, "the upload never reached the cut point");
        Assert.True(cut is not null, $"the cut did not happen: {cutError}\nthe upload ended with: {failure}");
        Assert.NotEmpty(cut!.Killed);
        var ex = Assert.IsType<HostUnreachableException>(failure);
        Assert.True(ex.Message.Contains(name, StringComparison.Ordinal) && ex.Message.Contains("keeps its old content", StringComparison.Ordinal),
            $"the error names the host and says the old file stays: {ex.Message}");
        Assert.Equal("old content\n", (await h.ExecAsync($"cat {path}")).StdOut);
        await WaitForAsync(async () => (await h.ExecAsync($"ls -A {P("/cut")}")).StdOut == "big.bin\n", "the temp file to be removed");
        Assert.Equal("old content\n", await host.ReadTextAsync(path)); // the next command reconnects
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task A_host_killed_mid_upload_keeps_the_old_file_and_never_a_partial_one_under_its_name()
    {
        var h = Tb["light-1"];
        var path = P("/killed/big.bin");
        await using (var host = await ConnectAsync(h))
        {
            await host.UploadAsync(path, Encoding.UTF8.GetBytes("old content\n"));
            var stream = new TrippingStream(256L * 1024 * 1024, 16L * 1024 * 1024, () => h.KillAsync());
            var ex = await Assert.ThrowsAsync<HostUnreachableException>(() => host.WriteFileAsync(path, stream));
            Assert.Contains("light-1", ex.Message);
        }
        await h.StartAsync();
        Assert.Equal("old content\n", (await h.ExecAsync($"cat {path}")).StdOut);
        Assert.All((await h.ExecAsync($"ls -A {P("/killed")}")).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            n => Assert.True(n == "big.bin" || n.StartsWith(".big.bin.k8sbare.", StringComparison.Ordinal), n));
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task A_stopped_host_is_reported_unreachable_naming_it_and_works_again_once_started()
    {
        var h = Tb["light-1"];
        await h.StopAsync();
        try
        {
            var ex = await Assert.ThrowsAsync<HostUnreachableException>(() => ConnectAsync(h, new ContractSettings { ConnectTimeout = TimeSpan.FromSeconds(3) }));
            Assert.Contains("light-1", ex.Message);
            Assert.Contains(h.Address, ex.Message);
            Assert.Contains("fix:", ex.Message);
        }
        finally
        {
            await h.StartAsync();
        }
        await using var back = await ConnectAsync(h);
        Assert.Equal("ok\n", (await back.RunAsync("echo ok")).StdOut);
    }

    /// <summary>Polls a condition on the host (no fixed sleeps): fails with the description after <see cref="Eventually.Limit"/>.</summary>
    protected static Task WaitForAsync(Func<Task<bool>> condition, string what) => Eventually.HoldsAsync(condition, what);
}
