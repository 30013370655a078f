using System.Globalization;
using System.Text;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Validation;

/// <summary>
/// Issue 13 proof: random YAML and random builder calls (seeded, bounded) only ever produce a spec, an
/// <see cref="InventoryException"/> or a validation report; an invalid spec opens no connection and writes no
/// file; and a spec validation accepts renders without any component's own exception (UnitsException,
/// PkiException) reaching the caller.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private const int Iterations = 1000;
    private const int MaxRenders = 10;

    private static readonly string[] Names = ["master", "node-1", "node-2", "etcd-1", "a", "Node_1", "../earlier-render/master", "", "x y", new string('n', 64), "-a", "a.b"];
    private static readonly string[] Addresses = ["10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.13", "192.0.2.11", "203.0.113.11", "010.000.000.011", "10.0.0.011", "2001:db8::10", "::1", "0.0.0.0", "host.example", "10.0.0.1/24", "10.200.0.5", "10.32.0.7", ""];
    private static readonly string[] Cidrs = ["10.200.0.0/16", "10.32.0.0/24", "10.244.0.0/16", "10.96.0.0/12", "10.0.0.0/8", "10.32.0.0/30", "100.64.0.0/11", "10.200.1.0/16", "2001:db8:200::/56", "2001:db8:32::/112", "x", "10.32.0.0/016", "192.168.0.0/16"];
    private static readonly string[] Ips = ["10.32.0.10", "10.32.0.1", "10.32.0.255", "10.96.0.10", "10.32.0.010", "2001:db8:32::10", "dns", "10.0.0.100"];
    private static readonly string[] Versions = ["1.32.3", "1.30.0", "1.34.1", "v1.31.2", "1.20.2", "1.13.0", "1.32.3-rc.1+dirty build", "3.5.21", "3.6.1", "3.4.23", "2.1.0", "1.7.20", "0.26.7", "1.12.0", "1.6.2", "x", ""];
    private static readonly string[] LabelKeys = ["example.com/tier", "node.kubernetes.io/pool", "node-role.kubernetes.io/worker", "kubernetes.io/role", "bad key!", "topology.kubernetes.io/zone", "a/b/c", ""];
    private static readonly string[] LabelValues = ["", "blue", "front end", "-x", new string('v', 64)];
    private static readonly string[] Flags = ["v", "--v", "network-plugin", "insecure-port", "apiserver-count", "audit log", "v=2", "enable-v2", "quota-backend-bytes"];
    private static readonly string[] FlagValues = ["2", "", "a\nb", "x\0"];
    private static readonly string[] Components = ["kube-apiserver", "kubelet", "kube-proxy", "etcd", "flanneld", "kube-scheduler", "kube-controller-manager", "kubectl"];
    private static readonly int[] Ints = [0, 1, 16, 22, 24, 25, 31, 53, 2222, 2379, 6443, 8285, 10250, 16443, 65535, 65536, -1, int.MaxValue, int.MinValue];

    private readonly TempDirectory _dir = new();
    private int _renders;

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_builder_calls_yield_only_a_report_and_valid_specs_render(int seed)
    {
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Iterations; i++)
        {
            var spec = RandomBuilder(random).Build();
            await CheckAsync(spec, $"builder seed {seed} #{i}", outcomes);
        }

        // Both kinds of outcome happen, so the assertions above are exercised on each.
        Assert.True(outcomes.GetValueOrDefault("valid") > 0 && outcomes.GetValueOrDefault("invalid") > 0, string.Join(", ", outcomes));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_yaml_yields_only_a_spec_or_an_inventory_error(int seed)
    {
        var random = new Random(seed);
        var sample = File.ReadAllText(RepositoryPaths.Combine("samples", "inventory", "twenty.yaml"));
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Iterations; i++)
        {
            var yaml = random.Next(3) == 0 ? Mutate(sample, random) : RandomInventory(random);
            ClusterSpec spec;
            try
            {
                spec = InventoryLoader.Parse(yaml);
            }
            catch (InventoryException e)
            {
                Assert.NotEmpty(e.Details);
                Assert.All(e.Details, d => Assert.False(string.IsNullOrWhiteSpace(d.Path) || string.IsNullOrWhiteSpace(d.Code) || string.IsNullOrWhiteSpace(d.Fix)));
                outcomes["inventory error"] = outcomes.GetValueOrDefault("inventory error") + 1;
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"yaml seed {seed} #{i}: {e.GetType().Name}: {e.Message}\n--- input ---\n{yaml}");
                throw;
            }

            await CheckAsync(spec, $"yaml seed {seed} #{i}", outcomes, yaml);
        }

        Assert.True(outcomes.GetValueOrDefault("inventory error") > 0 && outcomes.GetValueOrDefault("invalid") > 0 && outcomes.GetValueOrDefault("valid") > 0, string.Join(", ", outcomes));
    }

    private async Task CheckAsync(ClusterSpec spec, string what, Dictionary<string, int> outcomes, string? input = null)
    {
        ValidationReport report;
        try
        {
            report = spec.Validate(ValidationOptions.ForRender);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: Validate threw {e.GetType().Name}: {e.Message}\n{input}");
            throw;
        }

        Assert.All(report.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Field) || string.IsNullOrWhiteSpace(p.Code) || string.IsNullOrWhiteSpace(p.Message) || string.IsNullOrWhiteSpace(p.Fix)));
        if (!report.IsValid)
        {
            outcomes["invalid"] = outcomes.GetValueOrDefault("invalid") + 1;
            // Nothing is contacted or written: a real (not offline) factory that counts connections, and a folder render.
            var root = _dir.Combine("apply");
            var factory = new RecordingConnectionFactory(root);
            await Assert.ThrowsAsync<ClusterValidationException>(() => new ClusterApplier(factory).ApplyAsync(spec, new ApplyOptions { PkiDirectory = _dir.Combine("pki-never") }));
            await Assert.ThrowsAsync<ClusterValidationException>(() => ClusterFolderRenderer.RenderToFolderAsync(spec, _dir.Combine("out-never")));
            Assert.Equal(0, factory.Opened);
            Assert.False(Directory.Exists(root) || Directory.Exists(_dir.Combine("pki-never")) || Directory.Exists(_dir.Combine("out-never")), $"{what}: a file was written for an invalid spec");
            return;
        }

        outcomes["valid"] = outcomes.GetValueOrDefault("valid") + 1;
        if (_renders >= MaxRenders) return;
        _renders++;
        try
        {
            var artifacts = await ClusterRenderer.RenderAsync(spec, _dir.Combine($"pki-{_renders}"));
            Assert.Equal(spec.Nodes.Count, artifacts.Hosts.Count);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: a spec that validated failed to render: {e.GetType().Name}: {e.Message}\n{input}\n{report}");
        }
    }

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static ClusterBuilder RandomBuilder(Random r)
    {
        var b = ClusterBuilder.Create(r.Next(8) == 0 ? Pick(r, Names) : "fuzz");
        // Mostly sane: a control plane and workers on distinct addresses, then random damage.
        var used = new HashSet<string>();
        var count = 1 + r.Next(4);
        for (var i = 0; i < count; i++)
        {
            var name = r.Next(6) == 0 ? Pick(r, Names) : $"n{i}";
            var address = r.Next(6) == 0 ? Pick(r, Addresses) : $"10.0.0.{10 + i}";
            var roles = i == 0 ? NodeRoles.ControlPlane | NodeRoles.Etcd : NodeRoles.Worker;
            if (r.Next(8) == 0) roles = (NodeRoles)r.Next(8);
            b.AddNode(name, address, roles, n =>
            {
                if (r.Next(4) == 0) n.UseOpenRc();
                if (r.Next(6) == 0) n.WithAddress(Pick(r, Addresses));
                if (r.Next(5) == 0) n.WithLabel(Pick(r, LabelKeys), Pick(r, LabelValues));
                if (r.Next(10) == 0) n.WithArchitecture(r.Next(2) == 0 ? "arm64" : "x86");
            });
            used.Add(address);
        }

        if (r.Next(4) == 0) b.WithNetwork(Pick(r, Cidrs), Pick(r, Cidrs), Pick(r, Ips));
        if (r.Next(5) == 0) b.WithNetwork(n => n with { NodeSubnetLength = Pick(r, Ints) });
        if (r.Next(5) == 0) b.WithKubernetesVersion(Pick(r, Versions));
        if (r.Next(6) == 0) b.WithVersions(v => v with { Etcd = Pick(r, Versions), Flannel = r.Next(2) == 0 ? "0.26.7" : Pick(r, Versions) });
        if (r.Next(5) == 0)
            b.WithApiEndpoint((ApiEndpointMode)r.Next(6), r.Next(2) == 0 ? Pick(r, Addresses) : "api.example.com", Pick(r, Addresses), Pick(r, Ints));
        if (r.Next(6) == 0) b.UseCoreDns((CoreDnsPlacement)r.Next(4), r.Next(2) == 0 ? null : Pick(r, Ips));
        if (r.Next(6) == 0) b.UseFlannel((FlannelBackend)r.Next(4), f => f with { Vni = r.Next(2) == 0 ? null : Pick(r, Ints), SubnetMin = r.Next(2) == 0 ? null : Pick(r, Ips) });
        if (r.Next(6) == 0) b.WithPki(p => p with { CertificateValidity = TimeSpan.FromDays(r.Next(-10, 40000)) });
        if (r.Next(6) == 0) b.WithExtraArgs(Pick(r, Components), Pick(r, Flags), Pick(r, FlagValues));
        if (r.Next(8) == 0) b.WithBinary(r.Next(2) == 0 ? "etcd" : "kubectl2", r.Next(2) == 0 ? BinarySource.OnHostAt("/usr/bin/etcd") : BinarySource.FromUrl("https://example.com/etcd", "abc"));
        if (r.Next(8) == 0) b.WithApiServerSans(Pick(r, Addresses), "api.example.com");
        return b;
    }

    private static readonly string[] Keys =
        ["name", "versions", "network", "flannel", "dns", "apiEndpoint", "pki", "ssh", "binaries", "nodes", "extraArgs", "bogus"];

    private static string RandomInventory(Random r)
    {
        var sb = new StringBuilder();
        foreach (var key in Keys.Where(_ => r.Next(3) == 0).Append("nodes"))
        {
            sb.Append(key).Append(": ");
            sb.Append(key switch
            {
                "name" => Scalar(r, Pick(r, Names)),
                "versions" => $"{{ kubernetes: {Scalar(r, Pick(r, Versions))}, etcd: {Scalar(r, Pick(r, Versions))} }}",
                "network" => $"{{ podCidr: {Scalar(r, Pick(r, Cidrs))}, serviceCidr: {Scalar(r, Pick(r, Cidrs))}, dnsServiceIp: {Scalar(r, Pick(r, Ips))}, nodeSubnetLength: {Scalar(r, Pick(r, Ints).ToString(CultureInfo.InvariantCulture))} }}",
                "flannel" => $"{{ backend: {Scalar(r, Pick(r, ["vxlan", "host-gw", "udp", "wireguard"]))}, vni: {Scalar(r, Pick(r, Ints).ToString(CultureInfo.InvariantCulture))} }}",
                "dns" => $"{{ placement: {Pick(r, ["workers", "control-plane", "none", "all"])} }}",
                "apiEndpoint" => $"{{ mode: {Pick(r, ["first-control-plane", "local-proxy", "external-lb", "keepalived-vip", "x"])}, port: {Scalar(r, Pick(r, Ints).ToString(CultureInfo.InvariantCulture))}, host: {Scalar(r, Pick(r, Addresses))} }}",
                "pki" => $"{{ certificateValidityDays: {Scalar(r, Pick(r, Ints).ToString(CultureInfo.InvariantCulture))} }}",
                "ssh" => $"{{ user: {Scalar(r, Pick(r, ["root", "", "a b"]))}, port: {Scalar(r, Pick(r, Ints).ToString(CultureInfo.InvariantCulture))} }}",
                "binaries" => $"{{ {Pick(r, ["etcd", "kubelet", "x"])}: {Pick(r, ["~", "{ file: /a }", "{ onHost: /usr/bin/x, file: /b }", "[1]", "{ url: https://e/x, sha256: abc }"])} }}",
                "extraArgs" => $"{{ {Pick(r, Components)}: {{ {Scalar(r, Pick(r, Flags))}: {Scalar(r, Pick(r, FlagValues))} }} }}",
                "nodes" => RandomNodes(r),
                _ => Pick(r, ["1", "[a, b]", "{ x: y }", "~"]),
            });
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string RandomNodes(Random r)
    {
        if (r.Next(12) == 0) return Pick(r, ["[~]", "~", "x", "{ a: b }", "[[1]]"]);
        var count = 1 + r.Next(4);
        var nodes = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = r.Next(6) == 0 ? Pick(r, Names) : $"n{i}";
            var address = r.Next(6) == 0 ? Pick(r, Addresses) : $"10.0.0.{10 + i}";
            var roles = i == 0 ? "[control-plane, etcd]" : Pick(r, ["[worker]", "[worker]", "[~]", "worker", "[boss]", "[]"]);
            var extra = r.Next(5) == 0 ? $", labels: {{ {Scalar(r, Pick(r, LabelKeys))}: {Scalar(r, Pick(r, LabelValues))} }}" : "";
            if (r.Next(10) == 0) extra += ", address: 10.0.0.99";
            if (r.Next(10) == 0) extra += $", ssh: {{ port: {Scalar(r, Pick(r, Ints).ToString(CultureInfo.InvariantCulture))} }}";
            if (r.Next(12) == 0) extra += ", init: " + Pick(r, ["openrc", "runit"]);
            nodes.Add($"{{ name: {Scalar(r, name)}, address: {Scalar(r, address)}, roles: {roles}{extra} }}");
        }

        return "[" + string.Join(", ", nodes) + "]";
    }

    /// <summary>A scalar, plain or double-quoted (so YAML-special text still parses as text).</summary>
    private static string Scalar(Random r, string value) =>
        r.Next(3) == 0 || value.Length == 0 || value.Any(c => ":{}[],#&*!|>'\"%@`\n\0 ".Contains(c)) || value.StartsWith('-')
            ? "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal) + "\""
            : value;

    private static string Mutate(string text, Random r)
    {
        var lines = text.Split('\n').ToList();
        for (var k = 1 + r.Next(4); k > 0; k--)
        {
            var i = r.Next(lines.Count);
            switch (r.Next(6))
            {
                case 0: lines.RemoveAt(i); break;
                case 1: lines.Insert(i, lines[r.Next(lines.Count)]); break;
                case 2:
                    var j = r.Next(lines.Count);
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    break;
                default:
                    var line = lines[i];
                    var at = line.Length == 0 ? 0 : r.Next(line.Length);
                    var junk = Pick(r, [":", "-", " ", "\t", "[", "{", "&a", "*a", "!", "\0", "#", "\"", "~", "0", "::", "}"]);
                    lines[i] = r.Next(2) == 0 ? line.Insert(at, junk) : line.Remove(at, Math.Min(line.Length - at, 1 + r.Next(3)));
                    break;
            }

            if (lines.Count == 0) lines.Add("");
        }

        return string.Join('\n', lines);
    }
}
