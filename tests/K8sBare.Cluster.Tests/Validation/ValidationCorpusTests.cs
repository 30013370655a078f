using K8sBare.Cluster;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Validation;

public sealed class ValidationCorpusTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _key;

    public ValidationCorpusTests()
    {
        _key = Path.Combine(_dir.Path, "id_ed25519");
        File.WriteAllText(_key, "not a real key; validation only checks that it exists\n");
    }

    public void Dispose() => _dir.Dispose();

    public static IEnumerable<object[]> Cases => InvalidTopologyCorpus.All.Select(c => new object[] { c.Name });

    [Fact]
    public void Corpus_has_at_least_150_distinct_inputs_each_naming_a_known_rule()
    {
        Assert.True(InvalidTopologyCorpus.All.Count >= 150, $"only {InvalidTopologyCorpus.All.Count} cases");
        Assert.Equal(InvalidTopologyCorpus.All.Count, InvalidTopologyCorpus.All.Select(c => c.Name).Distinct().Count());
        var known = typeof(ProblemCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        Assert.All(InvalidTopologyCorpus.All, c => Assert.Contains(c.Code, known));
    }

    [Fact]
    public void Problem_codes_are_distinct_kebab_case_words()
    {
        var codes = typeof(ProblemCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", c));
    }

    [Fact]
    public void The_base_spec_is_valid_so_every_error_comes_from_the_change()
    {
        var report = SampleSpecs.Twenty(_key).Validate();
        Assert.True(report.IsValid, report.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_input_is_rejected_by_its_rule_naming_the_field(string name)
    {
        var c = InvalidTopologyCorpus.All.Single(x => x.Name == name);
        var report = c.Break(SampleSpecs.Twenty(_key)).Validate();

        Assert.False(report.IsValid, $"'{name}' was accepted");
        var hit = report.Errors.FirstOrDefault(e => e.Field == c.Field && e.Code == c.Code);
        Assert.True(hit is not null, $"'{name}': no '{c.Code}' error on field '{c.Field}'; got:\n{report}");
        Assert.False(string.IsNullOrWhiteSpace(hit!.Message));
        Assert.False(string.IsNullOrWhiteSpace(hit.Fix));
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var spec = SampleSpecs.Twenty(_key);
        spec = spec with
        {
            Name = "Bad Name",
            Network = spec.Network with { DnsServiceIp = "10.99.0.10", ClusterDomain = "x." },
            Versions = spec.Versions with { Kubernetes = "1.12.0" },
        };
        var fields = spec.Validate().Errors.Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "network.dnsServiceIp", "network.clusterDomain", "versions.kubernetes" }, fields);
    }

    [Fact]
    public void Host_gw_on_a_vps_is_a_warning_not_an_error()
    {
        var spec = SampleSpecs.Twenty(_key) with { Flannel = new FlannelSettings { Backend = FlannelBackend.HostGw } };
        var report = spec.Validate();
        Assert.True(report.IsValid, report.ToString());
        var w = Assert.Single(report.Warnings, w => w.Field == "flannel.backend");
        Assert.Contains("L2", w.Message, StringComparison.Ordinal);

        var lan = spec with { Network = spec.Network with { SharedLayer2 = true } };
        Assert.DoesNotContain(lan.Validate().Warnings, x => x.Field == "flannel.backend");
    }

    [Fact]
    public void Etcd_3_4_is_accepted_with_a_warning()
    {
        var spec = SampleSpecs.Twenty(_key) with { Versions = new ComponentVersions { Etcd = "3.4.23" } };
        var report = spec.Validate();
        Assert.True(report.IsValid, report.ToString());
        Assert.Contains(report.Warnings, w => w.Field == "versions.etcd");
    }

    [Theory]
    [InlineData("1.20.2", true)]
    [InlineData("1.29.15", true)]
    [InlineData("1.30.0", false)]
    [InlineData("1.34.1", false)]
    public void Kubernetes_below_1_30_is_accepted_with_an_end_of_life_warning(string version, bool warned)
    {
        var spec = SampleSpecs.Twenty(_key) with { Versions = new ComponentVersions { Kubernetes = version, Containerd = "1.7.24" } };
        var report = spec.Validate();
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(warned, report.Warnings.Any(w => w.Field == "versions.kubernetes" && w.Message.Contains("end of life", StringComparison.Ordinal)));
    }

    [Fact]
    public void Containerd_1_6_is_accepted_with_a_warning_that_says_it_reads_config_version_2()
    {
        var spec = SampleSpecs.Twenty(_key) with { Versions = new ComponentVersions { Containerd = "1.6.20" } };
        var report = spec.Validate();
        Assert.True(report.IsValid, report.ToString());
        var w = Assert.Single(report.Warnings, w => w.Field == "versions.containerd");
        Assert.Contains("reads the version-2 config", w.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("config version 1 (≤ 1.6)", w.Message, StringComparison.Ordinal);
        // containerd 2.x with a kubelet that speaks CRI v1 (1.23+) is fine; with 1.22 it is an error (corpus).
        var v123 = SampleSpecs.Twenty(_key) with { Versions = new ComponentVersions { Kubernetes = "1.23.17", Containerd = "2.0.4" } };
        Assert.DoesNotContain(v123.Validate().Errors, e => e.Field == "versions.containerd");
    }

    [Fact]
    public void Render_validation_does_not_need_ssh_keys()
    {
        var spec = SampleSpecs.Twenty("/nonexistent/key");
        Assert.False(spec.Validate().IsValid);
        Assert.True(spec.Validate(ValidationOptions.ForRender).IsValid);
    }

    [Fact]
    public void ThrowIfInvalid_lists_every_error_in_the_message()
    {
        var spec = SampleSpecs.Twenty(_key) with { Name = "Bad Name", Nodes = [] };
        var ex = Assert.Throws<ClusterValidationException>(() => spec.Validate().ThrowIfInvalid());
        Assert.Contains("name:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nodes:", ex.Message, StringComparison.Ordinal);
    }
}
