using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace K8sBare.Testing.Testbed;

/// <summary>
/// One real host of a <see cref="Testbed"/>: its own network namespace with <see cref="Address"/> on the testbed
/// bridge (eth0, default route via the gateway), its own ed25519 ssh host key (kept across restarts), root login
/// with the testbed's client key. Booted hosts (systemd/OpenRC) run in systemd-nspawn over a per-host overlay
/// (lower: the cached rootfs, upper: this host's directory) so disk state survives Stop/Kill + Start.
/// </summary>
public sealed class TestbedHost
{
    private readonly Testbed _testbed;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;   // unshare (light) or systemd-nspawn (booted)

    internal TestbedHost(Testbed testbed, string name, HostInit init, string address, int index, string? rootfs)
    {
        _testbed = testbed;
        Name = name;
        Init = init;
        Address = address;
        Index = index;
        Rootfs = rootfs;
        HostDirectory = Path.Combine(testbed.Directory, "hosts", name);
        NetworkNamespace = $"{TestbedPaths.NamePrefix}{testbed.Id}-{name}";
        VethName = $"kb{testbed.Id}v{index}";
    }

    /// <summary>The host's name (also its hostname and its Host alias in <see cref="Testbed.SshConfigFile"/>).</summary>
    public string Name { get; }

    /// <summary>The host's IPv4 address on the testbed bridge.</summary>
    public string Address { get; }

    /// <summary>The ssh port (22).</summary>
    public int Port => 22;

    /// <summary>The ssh user ("root").</summary>
    public string User => "root";

    /// <summary>The client's private key for ssh (0600), authorized for root on every host of the testbed.</summary>
    public string IdentityFile => _testbed.ClientIdentityFile;

    /// <summary>A known_hosts file with this host's key only (entry "name,address").</summary>
    public string KnownHostsFile => Path.Combine(HostDirectory, "known_hosts");

    /// <summary>The host's public ssh host key ("ssh-ed25519 AAAA…").</summary>
    public string HostPublicKey { get; private set; } = "";

    /// <summary>How the host boots.</summary>
    public HostInit Init { get; }

    /// <summary>This host's state directory on the machine (keys, overlay upper layer, console log).</summary>
    public string HostDirectory { get; }

    /// <summary>The host's console output (nspawn boot messages or sshd's log).</summary>
    public string ConsoleLogFile => Path.Combine(HostDirectory, "console.log");

    /// <summary>The network namespace the host lives in (<c>ip netns exec</c> works on it).</summary>
    public string NetworkNamespace { get; }

    /// <summary>The host's root directory as seen from the machine (the merged overlay) for booted hosts; null for light hosts.</summary>
    public string? RootDirectory => Init == HostInit.Light ? null : Path.Combine(HostDirectory, "root");

    /// <summary>PID (in the machine's pid namespace) of the host's init (its PID 1), or 0 when stopped.</summary>
    public int LeaderPid { get; private set; }

    /// <summary>True while the host's init runs.</summary>
    public bool IsRunning => LeaderPid != 0 && Shell.IsAlive(LeaderPid);

    /// <summary>The systemd-nspawn machine name: unique per testbed (name-id), because nspawn keeps per-machine
    /// state under /run/systemd/nspawn and two testbeds may both have a "master".</summary>
    public string MachineName => $"{Name}-{_testbed.Id}";

    internal int Index { get; }
    internal string? Rootfs { get; }
    internal string VethName { get; }

    /// <summary>
    /// Runs a shell command inside the host out of band — NOT over ssh: nsenter into its mount, uts, ipc, net and pid
    /// namespaces (as root, with a clean environment). For verifying what the code under test did. Never throws on a
    /// non-zero exit; see <see cref="ToolResult.EnsureSuccess"/>.
    /// </summary>
    public Task<ToolResult> ExecAsync(string shellCommand, CancellationToken ct = default) =>
        ExecAsync(shellCommand, TimeSpan.FromSeconds(120), ct);

    /// <summary><see cref="ExecAsync(string, CancellationToken)"/> with an explicit time limit.</summary>
    public async Task<ToolResult> ExecAsync(string shellCommand, TimeSpan timeout, CancellationToken ct = default)
    {
        var leader = LeaderPid;
        if (leader == 0 || !Shell.IsAlive(leader))
            throw new InvalidOperationException($"testbed host {Name} is not running; StartAsync it before ExecAsync(\"{shellCommand}\")");
        // Join the host's cgroups first (as seen from here), then all its namespaces including the cgroup one: the command
        // then sees itself where the host's own processes are (runc, systemd-run, kubelet probes rely on that).
        return await Shell.RunAsync("bash",
            ["-c", ExecJoinScript, "testbed-exec", leader.ToString(System.Globalization.CultureInfo.InvariantCulture), Shell.StandardPath, shellCommand],
            ct, timeout);
    }

    private const string ExecJoinScript = """
        leader=$1 path=$2 cmd=$3
        while IFS=: read -r _ ctrl cg; do
          case "$ctrl" in
            "") mnt=/sys/fs/cgroup/unified; [ -d "$mnt" ] || mnt=/sys/fs/cgroup ;;
            name=systemd) mnt=/sys/fs/cgroup/systemd ;;
            name=*) continue ;;
            *) mnt=/sys/fs/cgroup/$ctrl ;;
          esac
          [ -f "$mnt$cg/cgroup.procs" ] && { echo $$ >"$mnt$cg/cgroup.procs"; } 2>/dev/null
        done <"/proc/$leader/cgroup"
        exec nsenter -t "$leader" -m -u -i -n -p -C -- /usr/bin/env -i PATH="$path" HOME=/root LANG=C.UTF-8 /bin/sh -c "$cmd"
        """;

    /// <summary>Runs a command on the host over real ssh (the system's ssh client with <see cref="Testbed.SshConfigFile"/>).</summary>
    public Task<ToolResult> SshAsync(string shellCommand, CancellationToken ct = default) =>
        Shell.RunAsync("ssh", ["-F", _testbed.SshConfigFile, Name, shellCommand], ct, TimeSpan.FromSeconds(120));

    /// <summary>Boots the host (again) with the same name, address and host key; disk state is kept. No-op when running.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (IsRunning) return;
            await PowerNetworkAsync(ct);
            if (Init == HostInit.Light) StartLight(); else await StartBootedAsync(ct);
            await WaitReadyAsync(ct);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Shuts the host down cleanly (systemd: SIGTERM to nspawn = clean halt; OpenRC: `halt` inside; light:
    /// SIGTERM to sshd) and waits for it; falls back to <see cref="KillAsync"/> after 60 s.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!IsRunning) { await ReapAsync(ct); return; }
            switch (Init)
            {
                case HostInit.Systemd: Shell.Signal(_process!.Id, Native.SIGTERM); break;
                case HostInit.OpenRc:
                    try { await ExecAsync("halt", TimeSpan.FromSeconds(60), ct); } catch (TimeoutException) { }
                    break;
                default: Shell.Signal(LeaderPid, Native.SIGTERM); break;
            }
            if (!await Shell.WaitGoneAsync(LeaderPid, TimeSpan.FromSeconds(60), ct)) Shell.Signal(LeaderPid, Native.SIGKILL);
            await ReapAsync(ct);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Hard kill, like pulling the power: SIGKILL to the host's PID 1, which ends every process in it.</summary>
    public async Task KillAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (LeaderPid != 0) Shell.Signal(LeaderPid, Native.SIGKILL);
            await ReapAsync(ct);
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// The power is gone, network card included: <see cref="KillAsync"/>, then the host's link goes down, so its
    /// address answers nothing any more (no ARP reply, no TCP reset; a plain kill leaves the host's network namespace
    /// answering with resets, and any address a dead daemon had added, such as a keepalived virtual IP, still
    /// claimed). <see cref="StartAsync"/> brings the link back as a fresh boot would: only the host's own address.
    /// </summary>
    public async Task PowerOffAsync(CancellationToken ct = default)
    {
        await KillAsync(ct);
        await Shell.BashAsync($"ip link set {VethName} down", $"cutting testbed host {Name}'s link", ct);
    }

    /// <summary>Resets the host's disk to the pristine rootfs (or, for light hosts, the machine's files): drops its
    /// overlay upper layer. The host must be stopped; keys, name and address stay.</summary>
    public async Task WipeAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (IsRunning) throw new InvalidOperationException($"testbed host {Name} is running; StopAsync or KillAsync it before WipeAsync");
            var root = Shell.Quote(Path.Combine(HostDirectory, "root"));
            var dir = Shell.Quote(HostDirectory);
            await Shell.BashAsync(
                $"if mountpoint -q {root}; then umount {root}; fi; rm -rf {dir}/upper {dir}/work {dir}/containerd; mkdir -p {dir}/upper {dir}/work",
                $"wiping testbed host {Name}", ct);
        }
        finally { _gate.Release(); }
    }

    internal async Task PrepareAsync(string bridge, string gateway, int prefixLength, CancellationToken ct)
    {
        Directory.CreateDirectory(HostDirectory);
        var d = Shell.Quote(HostDirectory);
        var ns = Shell.Quote(NetworkNamespace);
        await Shell.BashAsync($"""
            ssh-keygen -q -t ed25519 -N '' -C {Shell.Quote("root@" + Name)} -f {d}/ssh_host_ed25519_key
            mkdir -p {d}/upper {d}/work
            ip netns add {ns}
            ip link add {VethName} type veth peer name eth0 netns {ns}
            ip link set {VethName} master {bridge} up
            ip -n {ns} link set lo up
            ip -n {ns} addr add {Address}/{prefixLength} dev eth0
            ip -n {ns} link set eth0 up
            ip -n {ns} route add default via {gateway}
            """, $"preparing testbed host {Name} (key, network namespace {NetworkNamespace}, veth {VethName})", ct);
        HostPublicKey = string.Join(' ', (await File.ReadAllTextAsync(Path.Combine(HostDirectory, "ssh_host_ed25519_key.pub"), ct))
            .Trim().Split(' ').Take(2));
        await File.WriteAllTextAsync(KnownHostsFile, KnownHostsLine + "\n", ct);
        await File.WriteAllTextAsync(Path.Combine(HostDirectory, "machine-id"), Guid.NewGuid().ToString("N") + "\n", ct);
        await File.WriteAllTextAsync(Path.Combine(HostDirectory, "resolv.conf"),
            $"# K8sBare testbed: no DNS beyond the testbed; the gateway ({gateway}) answers nothing on port 53.\nnameserver {gateway}\n", ct);
        if (Init == HostInit.Light)
        {
            await File.WriteAllTextAsync(Path.Combine(HostDirectory, "sshd_config"), $"""
                # K8sBare testbed light host {Name}
                Port 22
                ListenAddress 0.0.0.0
                HostKey {HostDirectory}/ssh_host_ed25519_key
                AuthorizedKeysFile {_testbed.Directory}/client/authorized_keys
                PermitRootLogin prohibit-password
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                PidFile none
                MaxStartups 200:30:400
                MaxSessions 100
                AcceptEnv LANG LC_*
                Subsystem sftp internal-sftp

                """.Replace("\r", "", StringComparison.Ordinal), ct);
            await File.WriteAllTextAsync(Path.Combine(HostDirectory, "init.sh"), Shell.EmbeddedScript("light-init.sh"), ct);
        }
    }

    /// <summary>Before a boot: the link up, and no address on eth0 but the host's own (what a previous life added is gone).</summary>
    private Task PowerNetworkAsync(CancellationToken ct)
    {
        var ns = Shell.Quote(NetworkNamespace);
        return Shell.BashAsync($$"""
            ip link set {{VethName}} up
            ip -n {{ns}} -o addr show dev eth0 scope global | awk '{print $4}' | while read -r a; do
              [ "${a%/*}" = {{Shell.Quote(Address)}} ] || ip -n {{ns}} addr del "$a" dev eth0
            done
            """, $"powering testbed host {Name}'s link", ct);
    }

    internal string KnownHostsLine => $"{Name},{Address} {HostPublicKey}";

    internal Task WriteHostsFileAsync(string content, CancellationToken ct) =>
        File.WriteAllTextAsync(Path.Combine(HostDirectory, "hosts"), content, ct);

    private void StartLight()
    {
        Launch($"ip netns exec {Shell.Quote(NetworkNamespace)} unshare --mount --uts --ipc --pid --fork --mount-proc " +
               $"--propagation private bash {Shell.Quote(Path.Combine(HostDirectory, "init.sh"))} {Shell.Quote(HostDirectory)} {Shell.Quote(Name)}");
    }

    private async Task StartBootedAsync(CancellationToken ct)
    {
        var root = Path.Combine(HostDirectory, "root");
        var d = Shell.Quote(HostDirectory);
        var r = Shell.Quote(root);
        var clientPub = await File.ReadAllTextAsync(_testbed.ClientIdentityFile + ".pub", ct);
        // Overlay: lower = the cached rootfs (read-only, shared), upper = this host (kept across restarts).
        // Then (re)write the host's identity into it on every boot, so a wiped host keeps its key and name.
        await Shell.BashAsync($"""
            mkdir -p {r} {d}/upper {d}/work {d}/containerd
            if ! mountpoint -q {r}; then
              mount -t overlay {Shell.Quote("k8sbare-" + Name)} -o lowerdir={Shell.Quote(Rootfs!)},upperdir={d}/upper,workdir={d}/work {r}
            fi
            install -m 0600 {d}/ssh_host_ed25519_key {r}/etc/ssh/ssh_host_ed25519_key
            install -m 0644 {d}/ssh_host_ed25519_key.pub {r}/etc/ssh/ssh_host_ed25519_key.pub
            mkdir -p {r}/etc/ssh/sshd_config.d {r}/root/.ssh
            chmod 0700 {r}/root/.ssh
            install -m 0644 {d}/hosts {r}/etc/hosts
            install -m 0444 {d}/machine-id {r}/etc/machine-id
            rm -f {r}/etc/resolv.conf
            install -m 0644 {d}/resolv.conf {r}/etc/resolv.conf
            echo {Shell.Quote(Name)} > {r}/etc/hostname
            echo 'HWCLOCKACCESS=no # K8sBare testbed: never touch the machine clock' > {r}/etc/default/hwclock
            """, $"mounting and provisioning testbed host {Name}", ct);
        await File.WriteAllTextAsync(Path.Combine(root, "etc/ssh/sshd_config.d/k8sbare-testbed.conf"), """
            # K8sBare testbed: the host key written by the testbed, key-only root login.
            HostKey /etc/ssh/ssh_host_ed25519_key
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            MaxStartups 200:30:400
            MaxSessions 100

            """.Replace("\r", "", StringComparison.Ordinal), ct);
        var authorized = Path.Combine(root, "root/.ssh/authorized_keys");
        await File.WriteAllTextAsync(authorized, clientPub, ct);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(authorized, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var args = new StringBuilder();
        args.Append("systemd-nspawn --register=no --keep-unit --link-journal=no --resolv-conf=off --timezone=off");
        args.Append(" -D ").Append(r);
        args.Append(" --machine=").Append(Shell.Quote(MachineName)).Append(" --hostname=").Append(Shell.Quote(Name));
        args.Append(" --network-namespace-path=/run/netns/").Append(Shell.Quote(NetworkNamespace));
        args.Append(" --bind=").Append(d).Append("/containerd:/var/lib/containerd");
        if (_testbed.Options.PrivilegedContainers)
            args.Append(" --capability=all --drop-capability=CAP_SYS_TIME --system-call-filter='@keyring bpf'");
        if (File.Exists("/dev/kmsg")) args.Append(" --bind-ro=/dev/kmsg"); // kubelet's OOM watcher reads it
        foreach (var a in _testbed.Options.NspawnArguments) args.Append(' ').Append(Shell.Quote(a));
        args.Append(" --boot");
        Launch(args.ToString(), joinCgroup: true);
        await File.WriteAllTextAsync(Path.Combine(HostDirectory, "nspawn.pid"), _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
    }

    private void Launch(string command, bool joinCgroup = false)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        var join = joinCgroup
            ? $"k8sbare_cg_id={_testbed.Id} k8sbare_cg_name={Shell.Quote(Name)}; . {Shell.Quote(Path.Combine(_testbed.Directory, "cgroup-join.sh"))}; "
            : "";
        psi.ArgumentList.Add($"{join}exec setsid {command} >>{Shell.Quote(ConsoleLogFile)} 2>&1 </dev/null");
        // Only the per-netns sysctls (/proc/sys/net) become writable in the container: ip_forward & co for CNI.
        psi.Environment["SYSTEMD_NSPAWN_API_VFS_WRITABLE"] = "network";
        psi.Environment["PATH"] = Shell.StandardPath;
        psi.Environment.Remove("NOTIFY_SOCKET");
        psi.Environment.Remove("LISTEN_FDS");
        File.AppendAllText(ConsoleLogFile, $"--- K8sBare testbed: starting {Name} ---\n");
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"could not launch testbed host {Name}: {command}");
        LeaderPid = 0;
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var timeout = _testbed.Options.BootTimeout;
        var ownPidNs = File.ResolveLinkTarget("/proc/self/ns/pid", false)?.ToString();
        // 1. The host's PID 1: the launcher's child living in a pid namespace of its own.
        while (LeaderPid == 0)
        {
            ThrowIfDead(sw);
            LeaderPid = FindLeader(ownPidNs);
            if (LeaderPid == 0) await Task.Delay(20, ct);
            if (sw.Elapsed > timeout) throw Failure($"its init did not appear within {timeout}");
        }
        // 2. sshd accepts connections on Address:22 (and sends its banner).
        while (!await SshBannerAsync(ct))
        {
            if (!Shell.IsAlive(LeaderPid) && !_process!.HasExited)
            {
                // nspawn's short-lived helper children can look like the container's init; look again.
                LeaderPid = FindLeader(ownPidNs);
                await Task.Delay(20, ct);
                continue;
            }
            ThrowIfDead(sw);
            if (sw.Elapsed > timeout) throw Failure($"ssh on {Address}:22 did not answer within {timeout}");
            await Task.Delay(Init == HostInit.Light ? 20 : 100, ct);
        }
        LeaderPid = FindLeader(ownPidNs);
        if (LeaderPid == 0) throw Failure("ssh answered but its init is gone");
        if (Init != HostInit.Light && _testbed.Options.WritableCgroups)
        {
            // nspawn mounts the cgroup v1 controllers read-only; kubelet/runc need to create cgroups below the
            // host's own (private, see cgroup-join.sh) cgroup.
            // OpenRC's mountkernfs.sh mounts a fresh sysfs over nspawn's /sys (hiding the cgroup mounts): lift it.
            (await ExecAsync("if [ \"$(awk '$5 == \"/sys\" { t = $0 } END { print t }' /proc/self/mountinfo | sed 's/.* - //' | cut -d' ' -f1)\" = sysfs ] && [ \"$(grep -c ' /sys .* - ' /proc/self/mountinfo)\" -gt 1 ]; then umount -l /sys; fi; " +
                "grep ' - cgroup ' /proc/self/mountinfo | awk '{print $5}' | sort -u | while read -r m; do [ -d \"$m\" ] && mount -o remount,bind,rw \"$m\" 2>/dev/null; done; if [ -d /sys/fs/cgroup/memory ]; then touch /sys/fs/cgroup/memory/cgroup.procs; fi",
                TimeSpan.FromSeconds(30), ct)).EnsureSuccess($"remounting the cgroup controllers read-write in {Name}");
        }
        // 3. systemd hosts: boot finished (running or degraded).
        if (Init == HostInit.Systemd && _testbed.Options.WaitForSystemdBoot)
        {
            var left = timeout - sw.Elapsed;
            var r = await ExecAsync("systemctl is-system-running --wait", left > TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5), ct);
            var state = r.StdOut.Trim();
            if (state is not ("running" or "degraded"))
                throw Failure($"systemctl is-system-running answered '{state}' {r.StdErr.Trim()}");
        }
    }

    private async Task<bool> SshBannerAsync(CancellationToken ct)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await s.ConnectAsync(System.Net.IPAddress.Parse(Address), 22, cts.Token);
            var buf = new byte[4];
            var n = await s.ReceiveAsync(buf, SocketFlags.None, cts.Token);
            return n == 4 && Encoding.ASCII.GetString(buf) == "SSH-";
        }
        catch (SocketException) { return false; }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return false; }
    }

    private void ThrowIfDead(Stopwatch sw)
    {
        if (_process!.HasExited) throw Failure($"its launcher exited with code {_process.ExitCode} after {sw.Elapsed.TotalSeconds:F1} s");
        // A dead leader while the launcher lives is one of nspawn's short-lived helpers taken for the init (seen once in
        // CI: "its init died" 7 s into a boot under load): look again. The init's own death ends the launcher (above),
        // and the boot timeout bounds the wait.
        if (LeaderPid != 0 && !Shell.IsAlive(LeaderPid)) LeaderPid = 0;
    }

    private InvalidOperationException Failure(string what)
    {
        string tail;
        try { tail = string.Join('\n', File.ReadLines(ConsoleLogFile).TakeLast(40)); }
        catch (IOException) { tail = "(no console log)"; }
        return new InvalidOperationException(
            $"testbed host {Name} ({Init}, {Address}) did not come up: {what}. Console log {ConsoleLogFile}, last lines:\n{tail}");
    }

    private async Task ReapAsync(CancellationToken ct)
    {
        if (_process is { } p)
        {
            if (!await Shell.WaitGoneAsync(p.Id, TimeSpan.FromSeconds(15), ct) || !p.HasExited)
            {
                try { p.Kill(); } catch (InvalidOperationException) { }
            }
            try { await p.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct); } catch (TimeoutException) { }
            p.Dispose();
            _process = null;
        }
        LeaderPid = 0;
    }

    private int FindLeader(string? ownPidNs)
    {
        foreach (var child in Children(_process!.Id))
        {
            string? ns = null;
            try { ns = File.ResolveLinkTarget($"/proc/{child}/ns/pid", false)?.ToString(); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            if (ns is not null && ns != ownPidNs && Shell.IsAlive(child)) return child;
        }
        return 0;
    }

    private static IEnumerable<int> Children(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/task/{pid}/children"); }
        catch (IOException) { yield break; }
        foreach (var s in text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }
}
