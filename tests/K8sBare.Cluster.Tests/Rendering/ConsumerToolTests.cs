using System.Text;
using System.Text.Json;
using K8sBare.Cli.Topologies;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;
using K8sBare.Units.Systemd;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.Rendering;

/// <summary>
/// Every file K8sBare renders for the sample topologies — the $20 cluster, the HA cluster (nginx local proxy), and the
/// HA cluster with a keepalived VIP — goes through the program that consumes it, where this machine has one:
/// systemd units through <c>systemd-analyze verify</c>, OpenRC scripts through <c>sh -n</c> and <c>shellcheck</c>,
/// nginx through <c>nginx -t</c>, keepalived through <c>keepalived --config-test</c>, containerd configs through
/// <c>containerd config dump</c> of the containerd release they are rendered for, kubeconfigs through
/// <c>kubectl config view</c> and <c>openssl verify</c>, every certificate through <c>openssl verify</c> against a CA on its
/// host, and the etcd flags by starting etcd with them (every member, each in its own network namespace with the
/// rendered address). No CoreDNS, flanneld, CNI runner or Kubernetes 1.30+ binary exists here: the Corefile, flannel and
/// CNI JSON and the Kubernetes component YAML get a format check only (the e2e and real-Kubernetes tests run them).
/// </summary>
public sealed class ConsumerToolTests(ConsumerToolTests.Rendered rendered, ITestOutputHelper output) : IClassFixture<ConsumerToolTests.Rendered>
{
    /// <summary>The sample topologies rendered once into a folder that mirrors each host's absolute paths.</summary>
    public sealed class Rendered : IDisposable
    {
        private readonly TempDirectory _dir = new("k8sbare-consumers");

        public Rendered()
        {
            foreach (var (name, spec) in Topologies())
            {
                var artifacts = ClusterRenderer.RenderAsync(spec, _dir.Combine("pki-" + name)).GetAwaiter().GetResult();
                All[name] = (spec, artifacts);
                foreach (var host in artifacts.Hosts)
                    foreach (var f in host.Files)
                    {
                        var path = PathOf(name, host.Name, f.Path);
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.WriteAllText(path, f.Content);
                        File.SetUnixFileMode(path, f.Mode);
                    }
            }
        }

        public Dictionary<string, (ClusterSpec Spec, ClusterArtifacts Artifacts)> All { get; } = new(StringComparer.Ordinal);

        public string Root => _dir.Path;

        /// <summary>Where a host's file of a topology was written.</summary>
        public string PathOf(string topology, string host, string path) => _dir.Combine("root", topology, host) + path;

        /// <summary>A scratch folder (mode 0700).</summary>
        public string Scratch(string name)
        {
            var d = _dir.Combine("scratch", name + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(d);
            File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return d;
        }

        public IEnumerable<(string Topology, HostArtifacts Host, ArtifactFile File)> Files(Func<ArtifactFile, bool> which) =>
            All.SelectMany(t => t.Value.Artifacts.Hosts.SelectMany(h => h.Files.Where(which).Select(f => (t.Key, h, f))));

        public void Dispose() => _dir.Dispose();

        private static IEnumerable<(string, ClusterSpec)> Topologies()
        {
            yield return ("twenty", TwentyDollarCluster.Build("/nonexistent/id_ed25519"));
            yield return ("ha", HaCluster.Build("/nonexistent/id_ed25519"));
            yield return ("ha-vip", HaCluster.Build("/nonexistent/id_ed25519") with
            {
                ApiEndpoint = new ApiEndpoint { Mode = ApiEndpointMode.KeepalivedVip, VirtualIp = "10.0.1.100", Port = 6443 },
            });
        }
    }

    private static bool IsUnit(ArtifactFile f) => f.Path.StartsWith("/etc/systemd/system/", StringComparison.Ordinal) && f.Path.EndsWith(".service", StringComparison.Ordinal);

    private static bool IsOpenRc(ArtifactFile f) => f.Path.StartsWith("/etc/init.d/", StringComparison.Ordinal);

    [RequiresFact("systemd-analyze")]
    public async Task Every_systemd_unit_passes_systemd_analyze_verify()
    {
        var checkedUnits = 0;
        foreach (var group in rendered.Files(IsUnit).GroupBy(x => (x.Topology, x.Host.Name)))
        {
            // The host's units side by side (dependencies resolve), Exec* binaries pointed at a stub: the Kubernetes
            // binaries are not installed here, and systemd-analyze would report them missing.
            var dir = rendered.Scratch("units");
            var stub = Path.Combine(dir, "stub");
            await File.WriteAllTextAsync(stub, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var (_, _, f) in group)
                await File.WriteAllTextAsync(Path.Combine(dir, Path.GetFileName(f.Path)),
                    System.Text.RegularExpressions.Regex.Replace(f.Content, @"(?m)^(Exec[A-Za-z]+=[-@:+!]*)/\S+", "${1}" + stub));
            foreach (var (topology, host, f) in group)
            {
                var r = await ProcessRunner.RunAsync("systemd-analyze", ["verify", "--man=no", Path.Combine(dir, Path.GetFileName(f.Path))],
                    env: new Dictionary<string, string> { ["SYSTEMD_UNIT_PATH"] = dir + ":" });
                Assert.True(r.ExitCode == 0 && r.StdErr.Length == 0, $"{topology}/{host.Name}{f.Path}: systemd-analyze verify: exit {r.ExitCode}\n{r.StdErr}");
                checkedUnits++;
            }
        }

        output.WriteLine($"{checkedUnits} units verified");
        Assert.True(checkedUnits >= 20, $"only {checkedUnits} units");
    }

    [RequiresFact("sh", "shellcheck")]
    public async Task Every_openrc_script_passes_sh_n_and_shellcheck()
    {
        var scripts = rendered.Files(IsOpenRc).ToList();
        Assert.NotEmpty(scripts);
        foreach (var (topology, host, f) in scripts)
        {
            var path = rendered.PathOf(topology, host.Name, f.Path);
            var n = await ProcessRunner.RunAsync("sh", ["-n", path]);
            Assert.True(n.ExitCode == 0, $"{topology}/{host.Name}{f.Path}: sh -n: {n.StdErr}");
            var sc = await ProcessRunner.RunAsync("shellcheck", ["-s", "sh", path]);
            Assert.True(sc.ExitCode == 0, $"{topology}/{host.Name}{f.Path}: shellcheck:\n{sc.StdOut}{sc.StdErr}");
        }

        output.WriteLine($"{scripts.Count} OpenRC scripts checked");
    }

    [RequiresFact("nginx")]
    public async Task Every_nginx_config_passes_nginx_t()
    {
        var configs = rendered.Files(f => f.Path == "/etc/nginx/nginx.conf").ToList();
        Assert.NotEmpty(configs);
        foreach (var (topology, host, f) in configs)
        {
            var errorLog = Path.Combine(rendered.Scratch("nginx"), "error.log");
            var r = await ProcessRunner.RunAsync("nginx", ["-t", "-c", rendered.PathOf(topology, host.Name, f.Path), "-e", errorLog]);
            Assert.True(r.ExitCode == 0, $"{topology}/{host.Name}: nginx -t: {r.StdOut}{r.StdErr}");
            Assert.Contains("test is successful", r.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("[warn]", r.StdErr, StringComparison.Ordinal);
        }
    }

    [RequiresFact("keepalived")]
    public async Task Every_keepalived_config_passes_keepalived_config_test()
    {
        var configs = rendered.Files(f => f.Path.StartsWith("/etc/keepalived/", StringComparison.Ordinal) && f.Path.EndsWith(".conf", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(configs);
        foreach (var (topology, host, f) in configs)
        {
            // keepalived refuses a check script in a folder others can write: the host's script is copied to a 0700
            // folder and the config points there (the only change).
            var dir = rendered.Scratch("keepalived");
            var text = f.Content;
            foreach (var script in host.Files.Where(s => s.Path.StartsWith("/etc/keepalived/", StringComparison.Ordinal) && s.Path.EndsWith(".sh", StringComparison.Ordinal)))
            {
                var copy = Path.Combine(dir, Path.GetFileName(script.Path));
                await File.WriteAllTextAsync(copy, script.Content);
                File.SetUnixFileMode(copy, script.Mode);
                text = text.Replace(script.Path, copy, StringComparison.Ordinal);
            }

            var conf = Path.Combine(dir, "keepalived.conf");
            await File.WriteAllTextAsync(conf, text);
            var r = await ProcessRunner.RunAsync("keepalived", ["--config-test", "--use-file", conf]);
            // A missing or unsafe check script makes keepalived print "Disabling track script": demand silence.
            Assert.True(r.ExitCode == 0 && (r.StdOut + r.StdErr).Trim().Length == 0, $"{topology}/{host.Name}: keepalived --config-test: exit {r.ExitCode}\n{r.StdOut}{r.StdErr}");
        }
    }

    [RequiresFact("openssl")]
    public async Task Every_containerd_config_is_read_by_the_containerd_it_is_rendered_for()
    {
        var configs = rendered.Files(f => f.Path == "/etc/containerd/config.toml").ToList();
        Assert.NotEmpty(configs);
        foreach (var (topology, host, f) in configs)
        {
            var version = rendered.All[topology].Spec.Versions.Containerd;
            var containerd = ConsumerTools.Containerd(version);
            var r = await ProcessRunner.RunAsync(containerd, ["--config", rendered.PathOf(topology, host.Name, f.Path), "config", "dump"]);
            Assert.True(r.ExitCode == 0, $"{topology}/{host.Name}: {containerd} config dump: {r.StdErr}");
            Assert.DoesNotContain("level=warning", r.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("level=error", r.StdErr, StringComparison.Ordinal);
            // The dump holds every setting rendered, in the same table (a containerd that ignored the file, or read a
            // setting in another place, would dump its default there).
            var dump = FlattenToml(r.StdOut);
            var settings = FlattenToml(f.Content);
            Assert.True(settings.Count >= 8, $"{topology}/{host.Name}: only {settings.Count} settings rendered");
            foreach (var setting in settings)
                Assert.True(dump.Contains(setting), $"{topology}/{host.Name}: {containerd} config dump lacks '{setting}'");
        }
    }

    /// <summary>"table.key = value" for every setting (quotes normalised: containerd 2 dumps single-quoted strings).</summary>
    private static HashSet<string> FlattenToml(string toml)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var table = "";
        foreach (var raw in toml.Split('\n'))
        {
            var line = raw.Trim().Replace('\'', '"');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('[')) { table = line.Trim('[', ']').Trim(); continue; }
            var eq = line.IndexOf(" = ", StringComparison.Ordinal);
            if (eq > 0) result.Add($"{table}.{line[..eq].Trim()} = {line[(eq + 3)..].Trim()}");
        }

        return result;
    }

    [RequiresFact("kubectl", "openssl")]
    public async Task Every_kubeconfig_is_read_back_by_kubectl_and_its_certificates_verify()
    {
        var kubeconfigs = rendered.Files(f => f.Path.EndsWith(".kubeconfig", StringComparison.Ordinal)).ToList();
        Assert.True(kubeconfigs.Count >= 10, $"only {kubeconfigs.Count} kubeconfigs");
        foreach (var (topology, host, f) in kubeconfigs)
        {
            var path = rendered.PathOf(topology, host.Name, f.Path);
            var what = $"{topology}/{host.Name}{f.Path}";
            var view = (await ProcessRunner.RunAsync("kubectl", ["config", "view", "--raw", "--kubeconfig", path])).EnsureSuccess("kubectl config view " + what);
            Assert.Equal(f.Content, view.StdOut);

            var dir = rendered.Scratch("kubeconfig");
            async Task<string> Field(string jsonPath, string file)
            {
                var r = (await ProcessRunner.RunAsync("kubectl", ["config", "view", "--raw", "--kubeconfig", path, "-o", "jsonpath={" + jsonPath + "}"])).EnsureSuccess(jsonPath);
                var target = Path.Combine(dir, file);
                await File.WriteAllBytesAsync(target, Convert.FromBase64String(r.StdOut));
                return target;
            }

            var ca = await Field(".clusters[0].cluster.certificate-authority-data", "ca.pem");
            var cert = await Field(".users[0].user.client-certificate-data", "cert.pem");
            var key = await Field(".users[0].user.client-key-data", "key.pem");
            await OpenSsl.AssertVerifiesAsync(ca, cert, what);
            await OpenSsl.AssertKeyMatchesAsync(cert, key, what);
            var purpose = await ProcessRunner.RunAsync("openssl", ["verify", "-purpose", "sslclient", "-CAfile", ca, cert]);
            Assert.True(purpose.ExitCode == 0, $"{what}: the client certificate is not valid for TLS client auth: {purpose.StdOut}{purpose.StdErr}");
        }
    }

    [RequiresFact("openssl")]
    public async Task Every_certificate_verifies_against_a_ca_on_its_host_and_matches_its_key()
    {
        var count = 0;
        foreach (var (topology, artifacts) in rendered.All.Select(t => (t.Key, t.Value.Artifacts)))
            foreach (var host in artifacts.Hosts)
            {
                var pems = host.Files.Where(f => f.Content.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) && f.Path.EndsWith(".pem", StringComparison.Ordinal)).ToList();
                var cas = pems.Where(f => IsCa(f.Content)).Select(f => rendered.PathOf(topology, host.Name, f.Path)).ToList();
                foreach (var f in pems.Where(f => !IsCa(f.Content)))
                {
                    var path = rendered.PathOf(topology, host.Name, f.Path);
                    var what = $"{topology}/{host.Name}{f.Path}";
                    var verified = false;
                    foreach (var ca in cas)
                        if ((await ProcessRunner.RunAsync("openssl", ["verify", "-CAfile", ca, path])).ExitCode == 0) verified = true;
                    Assert.True(verified, $"{what} verifies against none of the CAs on {host.Name}: {string.Join(", ", cas.Select(Path.GetFileName))}");
                    var keyPath = f.Path[..^".pem".Length] + "-key.pem";
                    if (host.File(keyPath) is not null)
                        await OpenSsl.AssertKeyMatchesAsync(path, rendered.PathOf(topology, host.Name, keyPath), what);
                    count++;
                }
            }

        output.WriteLine($"{count} certificates verified");
        Assert.True(count >= 30, $"only {count} certificates");
    }

    [RequiresFact("etcd", "etcdctl", "ip", Root = true)]
    public async Task The_rendered_etcd_flags_start_a_healthy_cluster_of_every_member()
    {
        foreach (var (topology, (spec, artifacts)) in rendered.All.Where(t => t.Key != "ha-vip"))
        {
            var members = artifacts.Hosts.Where(h => h.File("/etc/systemd/system/etcd.service") is not null).ToList();
            Assert.NotEmpty(members);
            await using var net = await NetnsLab.CreateAsync(members.Select(m => m.Node.Address).ToList());
            var procs = new List<System.Diagnostics.Process>();
            try
            {
                var etcd = ConsumerTools.Etcd(spec.Versions.Etcd);
                for (var i = 0; i < members.Count; i++)
                {
                    var m = members[i];
                    var exec = SystemdQuoting.ParseCommand(SystemdUnit.Parse(m.File("/etc/systemd/system/etcd.service")!.Content).Get("Service", "ExecStart")!);
                    var data = rendered.Scratch("etcd-data");
                    // The rendered flags as they are, with file paths under the rendered root and the data dir in scratch.
                    var args = exec.Arguments.Select(a => a.StartsWith("--data-dir=", StringComparison.Ordinal) ? "--data-dir=" + data
                        : System.Text.RegularExpressions.Regex.Replace(a, @"^(--[a-z-]+-file=)(/.*)$", m2 => m2.Groups[1].Value + rendered.PathOf(topology, m.Name, m2.Groups[2].Value))).ToList();
                    procs.Add(net.Start(i, etcd, args, Path.Combine(data, "etcd.log")));
                }

                var first = members[0];
                var tls = new[] { "/etc/etcd/ca.pem", "/etc/etcd/etcdctl.pem", "/etc/etcd/etcdctl-key.pem" }.Select(p => rendered.PathOf(topology, first.Name, p)).ToArray();
                ToolResult health = new(1, "", "");
                for (var attempt = 0; attempt < 120 && health.ExitCode != 0; attempt++)
                {
                    if (procs.FirstOrDefault(p => p.HasExited) is { } dead)
                        Assert.Fail($"{topology}: an etcd member exited ({dead.ExitCode}) with the rendered flags; see {rendered.Root}/scratch");
                    health = await net.RunAsync(0, "etcdctl", ["--endpoints", string.Join(",", members.Select(m => $"https://{m.Node.Address}:2379")),
                        "--cacert", tls[0], "--cert", tls[1], "--key", tls[2], "--dial-timeout=2s", "--command-timeout=5s", "endpoint", "health"],
                        new Dictionary<string, string> { ["ETCDCTL_API"] = "3" });
                    if (health.ExitCode != 0) await Task.Delay(250);
                }

                Assert.True(health.ExitCode == 0, $"{topology}: etcd started from the rendered flags is not healthy: {health.StdOut}{health.StdErr}");
                Assert.Equal(members.Count, System.Text.RegularExpressions.Regex.Matches(health.StdOut + health.StdErr, "is healthy").Count);
                output.WriteLine($"{topology}: {members.Count} etcd member(s) healthy from the rendered flags ({etcd})");
            }
            finally
            {
                foreach (var p in procs)
                {
                    try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    await p.WaitForExitAsync();
                    p.Dispose();
                }
            }
        }
    }

    [Fact]
    public void Corefiles_are_well_formed_format_check_only()
    {
        // No CoreDNS binary exists here (nor in Debian): this checks the structure, not CoreDNS's reading of it.
        string[] plugins = ["errors", "health", "ready", "kubernetes", "prometheus", "forward", "cache", "loop", "reload", "loadbalance", "log", "hosts", "rewrite", "template"];
        var corefiles = rendered.Files(f => f.Path.EndsWith("/Corefile", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(corefiles);
        foreach (var (topology, host, f) in corefiles)
        {
            var depth = 0;
            foreach (var raw in f.Content.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                if (depth == 1 && line != "}") Assert.Contains(line.Split(' ')[0], plugins);
                if (depth == 0) Assert.Matches(@"^\.:\d+ \{$", line);
                depth += line.Count(c => c == '{') - line.Count(c => c == '}');
                Assert.True(depth >= 0, $"{topology}/{host.Name}: unbalanced braces at '{line}'");
            }

            Assert.True(depth == 0, $"{topology}/{host.Name}: unbalanced braces");
        }
    }

    [Fact]
    public void Json_and_yaml_configs_parse_format_check_only()
    {
        var count = 0;
        foreach (var (topology, host, f) in rendered.Files(f => f.Path.EndsWith(".json", StringComparison.Ordinal) || f.Path.EndsWith(".conflist", StringComparison.Ordinal) || f.Path.EndsWith(".conf", StringComparison.Ordinal) && f.Content.TrimStart().StartsWith('{')))
        {
            using var _ = JsonDocument.Parse(f.Content);
            count++;
        }

        foreach (var (topology, host, f) in rendered.Files(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal) || f.Path.EndsWith(".kubeconfig", StringComparison.Ordinal)))
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new StringReader(f.Content));
            Assert.True(stream.Documents.Count > 0, $"{topology}/{host.Name}{f.Path}: empty YAML");
            count++;
        }

        Assert.True(count >= 20, $"only {count} files parsed");
    }

    private static bool IsCa(string pem)
    {
        using var c = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        return c.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
    }
}
