using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Rendering;

public sealed class FolderRenderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Render_to_folder_mirrors_host_paths_and_is_byte_stable()
    {
        var outDir = _dir.Combine("out");
        var first = await ClusterFolderRenderer.RenderToFolderAsync(SampleSpecs.Twenty(), outDir);

        Assert.True(File.Exists(Path.Combine(outDir, "master", "etc", "systemd", "system", "etcd.service")));
        Assert.True(File.Exists(Path.Combine(outDir, "node-2", "etc", "init.d", "kubelet")));
        Assert.True(File.Exists(Path.Combine(outDir, "PLAN.md")));
        Assert.Equal(Path.Combine(outDir, ".pki"), first.PkiDirectory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(outDir, ".pki", "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(outDir, "master", "var", "lib", "kubernetes", "kubernetes-key.pem")));
        Assert.False(Directory.Exists(Path.Combine(outDir, "node-1", "var", "lib", "k8sbare")), "render must not leave restart markers");

        var before = Snapshot(outDir);
        await ClusterFolderRenderer.RenderToFolderAsync(SampleSpecs.Twenty(), outDir);
        var after = Snapshot(outDir);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (path, bytes) in before) Assert.True(bytes.SequenceEqual(after[path]), $"{path} changed between renders");
    }

    [Fact]
    public async Task Render_to_folder_of_an_invalid_spec_writes_nothing()
    {
        var outDir = _dir.Combine("bad");
        var spec = SampleSpecs.Twenty() with { Network = new ClusterNetwork { DnsServiceIp = "10.99.0.10" } };
        await Assert.ThrowsAsync<ClusterValidationException>(() => ClusterFolderRenderer.RenderToFolderAsync(spec, outDir));
        Assert.False(Directory.Exists(outDir), "validation comes before anything touches the file system");
    }

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(p => Path.GetRelativePath(root, p), File.ReadAllBytes);
}
