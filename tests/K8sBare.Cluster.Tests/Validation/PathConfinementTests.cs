using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Validation;

/// <summary>Issue 13 §7: no path built from user input leaves its root, and nothing is touched before validation.</summary>
public sealed class PathConfinementTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static IEnumerable<object[]> HostileNames =>
        new[] { "../earlier-render/master", "..", ".", "/etc", "a/../../b", "master/../../x", "..\\x", "x\0y", "~", "a b", "" }
            .Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Render_to_folder_with_a_hostile_node_name_touches_nothing(string name)
    {
        // The reported case: an earlier render next to the output folder, with the marker the renderer deletes by.
        var earlier = _dir.Combine("earlier-render", "master");
        Directory.CreateDirectory(Path.Combine(earlier, Remote.Transports.DirectoryConnection.StateFolder));
        File.WriteAllText(Path.Combine(earlier, "keep.txt"), "mine");
        var outDir = _dir.Combine("out");
        var before = Snapshot(_dir.Path);

        var spec = SampleSpecs.Twenty();
        spec = spec with { Nodes = spec.Nodes.Select((n, i) => i == 0 ? n with { Name = name } : n).ToArray() };
        var ex = await Assert.ThrowsAsync<ClusterValidationException>(() => ClusterFolderRenderer.RenderToFolderAsync(spec, outDir));

        Assert.Contains(ex.Report.Errors, e => e.Field == "nodes[0].name");
        Assert.Equal(before, Snapshot(_dir.Path));
        Assert.False(Directory.Exists(outDir), "the output folder must not even be created before validation");
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Every_path_join_refuses_names_that_leave_the_root(string name)
    {
        if (name is "~" or "a b" or "..\\x") return; // plain file names on Linux: allowed by the join, refused by validation
        Assert.Throws<InvalidOperationException>(() => PathConfinement.Under(_dir.Path, name, "test"));
    }

    [Fact]
    public async Task Directory_transport_refuses_a_node_name_that_leaves_its_root()
    {
        var factory = new Apply.DirectoryConnectionFactory(_dir.Combine("hosts"));
        var node = new NodeSpec { Name = "../outside", Addresses = ["10.0.0.1"], Roles = NodeRoles.Worker };
        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.OpenAsync(node));
        Assert.False(Directory.Exists(_dir.Combine("outside")));
    }

    [Fact]
    public async Task Hostile_binary_names_and_host_paths_are_refused_before_any_file_is_written()
    {
        var outDir = _dir.Combine("out");
        var spec = SampleSpecs.Twenty() with
        {
            Binaries = new Dictionary<string, BinarySource>
            {
                ["../../etc/passwd"] = BinarySource.OnHost,
                ["containerd"] = BinarySource.OnHostAt("/usr/bin/../../root/.ssh/authorized_keys"),
            },
        };
        var ex = await Assert.ThrowsAsync<ClusterValidationException>(() => ClusterFolderRenderer.RenderToFolderAsync(spec, outDir));
        Assert.Contains(ex.Report.Errors, e => e.Field == "binaries.../../etc/passwd" && e.Code == ProblemCodes.BinaryUnknown);
        Assert.Contains(ex.Report.Errors, e => e.Field == "binaries.containerd.onHost" && e.Code == ProblemCodes.PathNotAbsolute);
        Assert.False(Directory.Exists(outDir));
    }

    private static SortedDictionary<string, string> Snapshot(string root) =>
        new(Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p), p => File.Exists(p) ? File.ReadAllText(p) : "<dir>"), StringComparer.Ordinal);
}
