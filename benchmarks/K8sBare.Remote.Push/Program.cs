// Pushes the same work as benchmarks/compare/remote-vs-ansible.yml to every host, in parallel:
// ensure a directory, ensure N small files (one hash query + one batch per host), run one command.
// usage: K8sBare.Remote.Push --config SSH_CONFIG --hosts h1,h2,... [--dir /srv/x] [--files 10] [--parallel 50] [--control-persist SECONDS]
//                             [--transport openssh|sshnet]
//        --transport sshnet uses the in-process SSH.NET transport; it reads no ssh_config, so each host's HostName, Port,
//        User, IdentityFile and UserKnownHostsFile are taken from the Host blocks of SSH_CONFIG here (the testbed's file).
//        --control-persist (or env K8SBARE_CONTROL_PERSIST=SECONDS) keeps each host's SSH master alive that long after
//        the process ends (OpenSshOptions.PersistentMaster), so the next run reuses it, like Ansible's ControlPersist.
//        K8sBare.Remote.Push --write-files DIR [--files 10]   (writes the same files locally, for the Ansible side)
//        K8sBare.Remote.Push --config SSH_CONFIG --hosts h1 --latency 100   (per-command latency, multiplexed)
using System.Diagnostics;
using K8sBare.Remote;
using K8sBare.Remote.Files;
using K8sBare.Remote.Fleet;
using K8sBare.Remote.Transports;

var sw = Stopwatch.StartNew();
string? config = null, dir = "/srv/k8sbare-bench", writeFiles = null;
var latency = 0;
var hosts = new List<string>();
int files = 10, parallel = 50;
var transport = "openssh";
var persistEnv = Environment.GetEnvironmentVariable("K8SBARE_CONTROL_PERSIST");
TimeSpan? persist = string.IsNullOrEmpty(persistEnv) ? null : TimeSpan.FromSeconds(int.Parse(persistEnv, System.Globalization.CultureInfo.InvariantCulture));
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--config": config = args[++i]; break;
        case "--hosts": hosts.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
        case "--dir": dir = args[++i]; break;
        case "--files": files = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--latency": latency = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--write-files": writeFiles = args[++i]; break;
        case "--parallel": parallel = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--transport": transport = args[++i]; break;
        case "--control-persist": persist = TimeSpan.FromSeconds(int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture)); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
if (persist <= TimeSpan.Zero) persist = null; // 0 = off: a private master closed at the end
if (writeFiles is not null)
{
    // Writes the same files locally (for the Ansible side) and exits.
    Directory.CreateDirectory(writeFiles);
    for (var i = 0; i < files; i++) File.WriteAllText(Path.Combine(writeFiles, $"f{i}.conf"), BenchContent(i));
    return 0;
}
if (latency > 0 && hosts.Count > 0)
{
    // Per-command latency over the multiplexed connection: `true` run N times in sequence on the first host.
    await using var one = await Open(hosts[0], CancellationToken.None);
    var connectMs = sw.Elapsed.TotalMilliseconds;
    var samples = new List<double>();
    for (var i = 0; i < latency; i++)
    {
        var t = Stopwatch.StartNew();
        await one.RunAsync("true");
        samples.Add(t.Elapsed.TotalMilliseconds);
    }
    samples.Sort();
    Console.WriteLine(System.FormattableString.Invariant($"k8sbare-latency: host={hosts[0]} connect_ms={connectMs:F1} commands={latency} median_ms={samples[samples.Count / 2]:F2} p90_ms={samples[(int)(samples.Count * 0.9)]:F2}"));
    return 0;
}
if (hosts.Count == 0) { Console.Error.WriteLine("usage: --config SSH_CONFIG --hosts h1,h2 [--dir D] [--files N] [--parallel P] [--control-persist S]"); return 2; }

// The same content as the Ansible side: files/fI.conf holds "key-I = value-I" repeated to ~1 KiB.
var desired = Enumerable.Range(0, files)
    .Select(i => RemoteFile.FromText($"{dir}/f{i}.conf", BenchContent(i), FileModes.Default))
    .ToList();

var result = await FanOut.RunAsync(hosts, h => h, "push", async (h, ct) =>
{
    await using var host = await Open(h, ct);
    await host.EnsureDirectoryAsync(dir, FileModes.Executable, null, ct);
    var changes = await host.EnsureFilesAsync(desired, ct);
    await host.RunAsync($"touch {dir}/.done", null, ct);
    return changes.Count(c => c.Changed);
}, new FanOutOptions { MaxParallelism = parallel, FailurePolicy = FailurePolicy.ContinueOthers });

foreach (var f in result.Failures) Console.Error.WriteLine($"{f.Host}: {f.Error?.Message}");
Console.WriteLine($"k8sbare: transport={transport} hosts={hosts.Count} ok={result.Hosts.Count(r => r.Succeeded)} files_changed={result.Hosts.Sum(r => r.Value)} in_process_ms={sw.ElapsedMilliseconds}");
return result.Succeeded ? 0 : 1;

async Task<IHostConnection> Open(string name, CancellationToken ct)
{
    if (transport == "openssh") return await OpenSshConnection.ConnectAsync(new OpenSshOptions { Host = name, ConfigFile = config, PersistentMaster = persist }, null, ct);
    if (transport != "sshnet") throw new ArgumentException($"--transport {transport}: use openssh or sshnet");
    var block = SshConfigHost(config ?? throw new ArgumentException("--config is needed"), name);
    return await SshNetConnection.ConnectAsync(new SshNetOptions
    {
        Host = block.GetValueOrDefault("hostname", name),
        Name = name,
        Port = int.Parse(block.GetValueOrDefault("port", "22"), System.Globalization.CultureInfo.InvariantCulture),
        User = block.GetValueOrDefault("user"),
        IdentityFile = block["identityfile"],
        KnownHostsFile = block.GetValueOrDefault("userknownhostsfile"),
    }, null, ct);
}

// The keywords of one "Host NAME" block of a simple ssh_config (no Match, no wildcards): enough for the testbed's file.
static Dictionary<string, string> SshConfigHost(string file, string name)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    var inBlock = false;
    foreach (var raw in File.ReadLines(file))
    {
        var parts = raw.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0].StartsWith('#')) continue;
        var key = parts[0].ToLowerInvariant();
        if (key == "host") { inBlock = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name); continue; }
        if (inBlock) result.TryAdd(key, parts[1]);
    }
    return result.Count > 0 ? result : throw new ArgumentException($"no Host {name} block in {file}");
}

static string BenchContent(int i) =>
    string.Concat(Enumerable.Repeat($"key-{i} = value-{i}\n", 1024 / $"key-{i} = value-{i}\n".Length));
