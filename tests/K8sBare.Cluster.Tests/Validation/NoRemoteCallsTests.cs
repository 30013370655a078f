using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Validation;

public sealed class NoRemoteCallsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _key;

    public NoRemoteCallsTests()
    {
        _key = _dir.Combine("id_ed25519");
        File.WriteAllText(_key, "placeholder key file\n");
    }

    public void Dispose() => _dir.Dispose();

    public static IEnumerable<object[]> Cases => InvalidTopologyCorpus.All.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Apply_of_an_invalid_topology_opens_no_connection(string name)
    {
        var c = InvalidTopologyCorpus.All.Single(x => x.Name == name);
        var spec = c.Break(SampleSpecs.Twenty(_key));
        var factory = new RecordingConnectionFactory(_dir.Combine("hosts"));
        var applier = new ClusterApplier(factory);

        var ex = await Assert.ThrowsAsync<ClusterValidationException>(() =>
            applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = _dir.Combine("pki") }));

        Assert.Contains(ex.Report.Errors, e => e.Field == c.Field);
        Assert.Equal(0, factory.Opened);
        Assert.False(Directory.Exists(_dir.Combine("pki")), "the PKI store was touched before validation passed");
    }

    [Fact]
    public async Task The_recording_factory_does_count_connections_of_a_valid_topology()
    {
        var factory = new RecordingConnectionFactory(_dir.Combine("hosts"), offline: true);
        await new ClusterApplier(factory).ApplyAsync(SampleSpecs.Twenty(_key),
            new ApplyOptions { PkiDirectory = _dir.Combine("pki"), Phases = [ApplyPhase.Pki] });
        Assert.Equal(3, factory.Opened);
    }
}
