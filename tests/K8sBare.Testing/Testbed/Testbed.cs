using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace K8sBare.Testing.Testbed;

/// <summary>
/// A set of real hosts on this machine for integration tests: one Linux bridge (<see cref="Bridge"/>, gateway
/// <see cref="GatewayAddress"/> = this machine) with a random free /24 in 10.251.0.0/16, and per host a network
/// namespace on it running sshd — booted systemd or OpenRC containers (systemd-nspawn over a cached Debian
/// Debian rootfs, trixie by default) or light hosts (sshd alone). Needs root. Everything is removed on dispose, at process exit,
/// and — if the process was killed — by the next testbed that starts (its owner lock is free then).
/// </summary>
public sealed partial class Testbed : IAsyncDisposable
{
    private static readonly List<Testbed> Live = [];
    private static bool _exitHookInstalled;
    private readonly List<TestbedHost> _hosts = [];
    private FileStream? _ownerLock;
    private int _disposed;

    private Testbed(TestbedOptions options, string id, int thirdOctet)
    {
        Options = options;
        Id = id;
        Directory = Path.Combine(TestbedPaths.StateRoot, id);
        Bridge = TestbedPaths.NamePrefix + id;
        Subnet = $"10.251.{thirdOctet}.0/24";
        GatewayAddress = $"10.251.{thirdOctet}.1";
    }

    /// <summary>Random id (6 hex) naming the bridge, namespaces, veths and state directory.</summary>
    public string Id { get; }

    /// <summary>The options the testbed was started with.</summary>
    public TestbedOptions Options { get; }

    /// <summary>The testbed's state directory (under <see cref="TestbedPaths.StateRoot"/>).</summary>
    public string Directory { get; }

    /// <summary>Every host, booted first (systemd, then OpenRC, in the order given), then light-1 … light-N.</summary>
    public IReadOnlyList<TestbedHost> Hosts => _hosts;

    /// <summary>The host with that name.</summary>
    public TestbedHost this[string name] => _hosts.FirstOrDefault(h => h.Name == name)
        ?? throw new KeyNotFoundException($"testbed {Id} has no host '{name}'; it has: {string.Join(", ", _hosts.Select(h => h.Name))}");

    /// <summary>An ssh_config with a Host block per host (HostName, User root, IdentityFile, UserKnownHostsFile,
    /// StrictHostKeyChecking yes, BatchMode yes): <c>ssh -F SshConfigFile master true</c>.</summary>
    public string SshConfigFile => Path.Combine(Directory, "client", "ssh_config");

    /// <summary>A known_hosts file with every host's key ("name,address ssh-ed25519 …").</summary>
    public string ClientKnownHostsFile => Path.Combine(Directory, "client", "known_hosts");

    /// <summary>The client's private ed25519 key (0600), authorized for root on every host; ".pub" next to it.</summary>
    public string ClientIdentityFile => Path.Combine(Directory, "client", "id_ed25519");

    /// <summary>The Linux bridge all hosts are attached to.</summary>
    public string Bridge { get; }

    /// <summary>The hosts' subnet (CIDR), e.g. 10.251.37.0/24.</summary>
    public string Subnet { get; }

    /// <summary>This machine's address on the bridge (.1): the hosts' default gateway (no forwarding, no NAT).</summary>
    public string GatewayAddress { get; }

    /// <summary>Starts a testbed: builds/reuses the cached rootfs, allocates a free bridge and /24, prepares and boots
    /// every host in parallel and waits until each answers ssh. Throws (after cleaning up) when anything fails.</summary>
    public static async Task<Testbed> StartAsync(TestbedOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!TestEnvironment.IsRoot)
            throw new InvalidOperationException("the K8sBare testbed needs root (network namespaces, bridges, systemd-nspawn); run the tests as root");
        var names = ValidateNames(options);
        foreach (var tool in new[] { "ip", "nsenter", "unshare", "setsid", "sshd", "ssh-keygen", "mount" })
            TestEnvironment.RequireTool(tool);
        var needs = new List<HostInit>();
        if (options.SystemdHosts.Count > 0) needs.Add(HostInit.Systemd);
        if (options.OpenRcHosts.Count > 0) needs.Add(HostInit.OpenRc);
        if (needs.Count > 0) { TestEnvironment.RequireTool("systemd-nspawn"); TestEnvironment.RequireTool("debootstrap"); }

        var rootfsTasks = needs.ToDictionary(i => i, i => RootfsCache.EnsureAsync(i, options.Suite, ct));
        await Task.WhenAll(rootfsTasks.Values);

        var testbed = await AllocateAsync(options, ct);
        try
        {
            await testbed.BuildAsync(names, rootfsTasks.ToDictionary(kv => kv.Key, kv => kv.Value.Result), ct);
            return testbed;
        }
        catch
        {
            await testbed.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes every testbed whose owner process is gone (its lock is free) and stray bridges/namespaces
    /// named kbtb* without a live owner. Called by <see cref="StartAsync"/>; safe to call any time.</summary>
    public static async Task CleanStaleAsync(CancellationToken ct = default)
    {
        using var alloc = await LockAllocationAsync(ct);
        await CleanStaleLockedAsync(ct);
    }

    /// <summary>Kills every host, removes mounts, namespaces, the bridge and the state directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await Shell.RunAsync("bash", ["-c", Shell.EmbeddedScript("teardown.sh"), "teardown", Directory, Id],
                CancellationToken.None, TimeSpan.FromSeconds(60));
        }
        finally
        {
            _ownerLock?.Dispose();
            lock (Live) Live.Remove(this);
        }
    }

    /// <summary>Test hook: behave as if this process had died — release the owner lock and forget the testbed,
    /// leaving its hosts, bridge and mounts in place for <see cref="CleanStaleAsync"/> to find.</summary>
    internal void AbandonAsIfOwnerDied()
    {
        Interlocked.Exchange(ref _disposed, 1);
        _ownerLock?.Dispose();
        lock (Live) Live.Remove(this);
    }

    private void TeardownSynchronously()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            var psi = new ProcessStartInfo("bash") { UseShellExecute = false };
            foreach (var a in new[] { "-c", Shell.EmbeddedScript("teardown.sh"), "teardown", Directory, Id }) psi.ArgumentList.Add(a);
            psi.Environment["PATH"] = Shell.StandardPath;
            using var p = Process.Start(psi);
            p?.WaitForExit(30_000);
        }
        catch (System.ComponentModel.Win32Exception) { }
        _ownerLock?.Dispose();
    }

    private static IReadOnlyList<(string Name, HostInit Init)> ValidateNames(TestbedOptions o)
    {
        var all = o.SystemdHosts.Select(n => (n, HostInit.Systemd))
            .Concat(o.OpenRcHosts.Select(n => (n, HostInit.OpenRc)))
            .Concat(Enumerable.Range(1, Math.Max(0, o.LightHosts)).Select(i => ($"light-{i}", HostInit.Light)))
            .ToList();
        var problems = new List<string>();
        if (o.LightHosts < 0) problems.Add($"LightHosts is {o.LightHosts}; use 0 or more");
        if (all.Count == 0) problems.Add("no hosts: set SystemdHosts, OpenRcHosts or LightHosts");
        if (all.Count > 240) problems.Add($"{all.Count} hosts do not fit a /24 (at most 240)");
        foreach (var (n, _) in all)
            if (!HostNameRegex().IsMatch(n)) problems.Add($"host name '{n}' must match [a-z0-9]([a-z0-9-]{{0,38}}[a-z0-9])?");
        foreach (var dup in all.GroupBy(h => h.Item1).Where(g => g.Count() > 1))
            problems.Add($"host name '{dup.Key}' is used {dup.Count()} times");
        if (problems.Count > 0) throw new ArgumentException("invalid TestbedOptions: " + string.Join("; ", problems), nameof(o));
        return all;
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex HostNameRegex();

    private static async Task<FileStream> LockAllocationAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(TestbedPaths.StateRoot);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(TestbedPaths.StateRoot, (UnixFileMode)Convert.ToInt32("755", 8));
        var path = Path.Combine(TestbedPaths.StateRoot, ".alloc.lock");
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (sw.Elapsed < TimeSpan.FromMinutes(2)) { await Task.Delay(100, ct); }
        }
    }

    private static async Task CleanStaleLockedAsync(CancellationToken ct)
    {
        var teardown = Shell.EmbeddedScript("teardown.sh");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in System.IO.Directory.GetDirectories(TestbedPaths.StateRoot))
        {
            var id = Path.GetFileName(dir);
            if (!IdRegex().IsMatch(id)) continue;
            ids.Add(id);
            lock (Live) if (Live.Any(t => t.Id == id)) continue;
            var lockFile = Path.Combine(dir, "owner.lock");
            try
            {
                if (File.Exists(lockFile)) { using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None); }
            }
            catch (IOException) { continue; } // its owner is alive
            await Shell.RunAsync("bash", ["-c", teardown, "teardown", dir, id], ct, TimeSpan.FromSeconds(60));
        }
        // Bridges and namespaces whose state directory is gone.
        var links = await Shell.RunAsync("ip", ["-o", "link", "show", "type", "bridge"], ct);
        var netns = await Shell.RunAsync("ip", ["netns", "list"], ct);
        var stray = StrayIdRegex().Matches(links.StdOut + "\n" + netns.StdOut).Select(m => m.Groups[1].Value)
            .Where(id => !ids.Contains(id) && !System.IO.Directory.Exists(Path.Combine(TestbedPaths.StateRoot, id))).Distinct();
        foreach (var id in stray)
        {
            lock (Live) if (Live.Any(t => t.Id == id)) continue;
            await Shell.RunAsync("bash", ["-c", teardown, "teardown", Path.Combine(TestbedPaths.StateRoot, id), id], ct, TimeSpan.FromSeconds(60));
        }
    }

    [GeneratedRegex("^[0-9a-f]{6}$")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"\bkbtb([0-9a-f]{6})\b")]
    private static partial Regex StrayIdRegex();

    private static async Task<Testbed> AllocateAsync(TestbedOptions options, CancellationToken ct)
    {
        using var alloc = await LockAllocationAsync(ct);
        await CleanStaleLockedAsync(ct);
        var used = (await Shell.RunAsync("ip", ["-4", "-o", "addr", "show"], ct)).StdOut
                   + (await Shell.RunAsync("ip", ["-4", "route", "show", "table", "all"], ct)).StdOut
                   + (await Shell.RunAsync("ip", ["-o", "link", "show"], ct)).StdOut;
        string id;
        do id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        while (used.Contains(TestbedPaths.NamePrefix + id, StringComparison.Ordinal) || System.IO.Directory.Exists(Path.Combine(TestbedPaths.StateRoot, id)));
        var free = Enumerable.Range(0, 256).Where(x => !used.Contains($"10.251.{x}.", StringComparison.Ordinal)).ToList();
        if (free.Count == 0) throw new InvalidOperationException("no free /24 left in 10.251.0.0/16 for a testbed (ip -4 addr / ip route use them all)");
        var octet = free[System.Security.Cryptography.RandomNumberGenerator.GetInt32(free.Count)];

        var t = new Testbed(options, id, octet);
        System.IO.Directory.CreateDirectory(Path.Combine(t.Directory, "client"));
        System.IO.Directory.CreateDirectory(Path.Combine(t.Directory, "hosts"));
        foreach (var d in new[] { t.Directory, Path.Combine(t.Directory, "client"), Path.Combine(t.Directory, "hosts") })
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(d, (UnixFileMode)Convert.ToInt32("755", 8));
        t._ownerLock = new FileStream(Path.Combine(t.Directory, "owner.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        var owner = Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        t._ownerLock.Write(owner);
        t._ownerLock.Flush();
        lock (Live)
        {
            Live.Add(t);
            if (!_exitHookInstalled)
            {
                _exitHookInstalled = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => { foreach (var l in SnapshotLive()) l.TeardownSynchronously(); };
            }
        }
        try
        {
            await Shell.BashAsync($"""
                ip link add {t.Bridge} type bridge
                ip addr add {t.GatewayAddress}/24 dev {t.Bridge}
                ip link set {t.Bridge} up
                """, $"creating testbed bridge {t.Bridge} ({t.Subnet})", ct);
        }
        catch
        {
            await t.DisposeAsync();
            throw;
        }
        return t;
    }

    private static List<Testbed> SnapshotLive() { lock (Live) return [.. Live]; }

    private async Task BuildAsync(IReadOnlyList<(string Name, HostInit Init)> names, Dictionary<HostInit, string> rootfs, CancellationToken ct)
    {
        var octets = Subnet.Split('.');
        for (var i = 0; i < names.Count; i++)
        {
            var (name, init) = names[i];
            _hosts.Add(new TestbedHost(this, name, init, $"{octets[0]}.{octets[1]}.{octets[2]}.{10 + i}", i,
                init == HostInit.Light ? null : rootfs[init]));
        }
        await Shell.BashAsync($"ssh-keygen -q -t ed25519 -N '' -C k8sbare-testbed-{Id} -f {Shell.Quote(ClientIdentityFile)}", "creating the testbed client key", ct);
        File.Copy(ClientIdentityFile + ".pub", Path.Combine(Directory, "client", "authorized_keys"));
        await File.WriteAllTextAsync(Path.Combine(Directory, "cgroup-join.sh"), Shell.EmbeddedScript("cgroup-join.sh"), ct);

        using (var gate = new SemaphoreSlim(8))
            await Task.WhenAll(_hosts.Select(async h =>
            {
                await gate.WaitAsync(ct);
                try { await h.PrepareAsync(Bridge, GatewayAddress, 24, ct); } finally { gate.Release(); }
            }));

        var hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        hosts.Append(CultureInfo.InvariantCulture, $"{GatewayAddress}\ttestbed-gateway\n");
        foreach (var h in _hosts) hosts.Append(CultureInfo.InvariantCulture, $"{h.Address}\t{h.Name}\n");
        foreach (var h in _hosts) await h.WriteHostsFileAsync(hosts.ToString(), ct);

        await File.WriteAllTextAsync(ClientKnownHostsFile, string.Concat(_hosts.Select(h => h.KnownHostsLine + "\n")), ct);
        var cfg = new StringBuilder($"# K8sBare testbed {Id}: bridge {Bridge}, subnet {Subnet}\n");
        foreach (var h in _hosts)
            cfg.Append(CultureInfo.InvariantCulture, $"""
                Host {h.Name}
                  HostName {h.Address}
                  Port 22
                  User root
                  IdentityFile {ClientIdentityFile}
                  IdentitiesOnly yes
                  UserKnownHostsFile {ClientKnownHostsFile}
                  GlobalKnownHostsFile /dev/null
                  StrictHostKeyChecking yes
                  BatchMode yes
                  ConnectTimeout 10
                  LogLevel ERROR

                """);
        await File.WriteAllTextAsync(SshConfigFile, cfg.ToString(), ct);

        // Booted hosts all at once (they mostly wait on their own boot), light hosts 16 at a time.
        using var lightGate = new SemaphoreSlim(16);
        await Task.WhenAll(_hosts.Select(async h =>
        {
            if (h.Init != HostInit.Light) { await h.StartAsync(ct); return; }
            await lightGate.WaitAsync(ct);
            try { await h.StartAsync(ct); } finally { lightGate.Release(); }
        }));
    }
}
