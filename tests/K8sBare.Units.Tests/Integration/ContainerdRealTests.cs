using K8sBare.Units.Components;
using K8sBare.Units.Tests.Support;

namespace K8sBare.Units.Tests.Integration;

/// <summary>
/// The installed containerd (Debian bookworm: 1.6.x) loads the generated version-2 config: every key we wrote shows up
/// with the same value in <c>containerd -c FILE config dump</c> (containerd drops unknown keys silently, so a
/// misspelt key would be missing from the dump). The version-3 files cannot be loaded by 1.6; they are checked by format.
/// </summary>
public sealed class ContainerdRealTests
{
    [RequiresFact("containerd")]
    public async Task Containerd_config_dump_shows_every_written_v2_setting()
    {
        using var dir = new TempDirectory("k8sbare-units-ctrd");
        var options = new ContainerdOptions
        {
            Release = ContainerdRelease.V1_7,
            ConfigPath = dir.Combine("config.toml"),
            Root = dir.Combine("root"),
            State = dir.Combine("state"),
            GrpcAddress = dir.Combine("containerd.sock"),
            SandboxImage = "registry.k8s.io/pause:3.9",
            CniConfDir = dir.Combine("net.d"),
            RegistryConfigPath = dir.Combine("certs.d"),
        };
        var written = options.RenderConfig();
        await File.WriteAllTextAsync(options.ConfigPath, written);
        var r = await ProcessRunner.RunAsync("containerd", ["-c", options.ConfigPath, "config", "dump"]);
        Assert.True(r.ExitCode == 0, $"containerd config dump failed: {r.StdErr}");
        var dump = MiniToml.Parse(r.StdOut, strict: false);
        var ours = MiniToml.Parse(written);
        Assert.True(ours.Count >= 12, "expected the v2 file to carry at least 12 settings");
        foreach (var (key, value) in ours)
        {
            Assert.True(dump.TryGetValue(key, out var loaded), $"containerd dropped '{key}' (unknown key?)");
            Assert.Equal(value, loaded);
        }
        Assert.Equal("true", dump["plugins/io.containerd.grpc.v1.cri/containerd/runtimes/runc/options/SystemdCgroup"]);
        Assert.Equal(dir.Combine("net.d"), dump["plugins/io.containerd.grpc.v1.cri/cni/conf_dir"]);
    }

    [RequiresFact("containerd")]
    public async Task Containerd_dump_would_expose_a_misspelt_key()
    {
        using var dir = new TempDirectory("k8sbare-units-ctrd");
        var path = dir.Combine("config.toml");
        await File.WriteAllTextAsync(path, new ContainerdOptions { Release = ContainerdRelease.V1_7, Root = dir.Combine("r"), State = dir.Combine("s") }
            .RenderConfig().Replace("snapshotter =", "snapshoter =", StringComparison.Ordinal));
        var r = await ProcessRunner.RunAsync("containerd", ["-c", path, "config", "dump"]);
        var dump = MiniToml.Parse(r.StdOut, strict: false);
        // Typed CRI keys are dropped when misspelt (runc's options table is passed through verbatim, so it is not).
        Assert.False(dump.ContainsKey("plugins/io.containerd.grpc.v1.cri/containerd/snapshoter"));
        Assert.True(dump.ContainsKey("plugins/io.containerd.grpc.v1.cri/containerd/snapshotter"));
    }

    [Theory]
    [InlineData(ContainerdRelease.V2_0)]
    [InlineData(ContainerdRelease.V2_1)]
    public void Version3_config_is_well_formed_with_the_split_cri_plugins(ContainerdRelease release)
    {
        var toml = MiniToml.Parse(SampleCluster.Containerd(release).RenderConfig());
        Assert.Equal("3", toml["version"]);
        const string images = "plugins/io.containerd.cri.v1.images";
        const string runtime = "plugins/io.containerd.cri.v1.runtime";
        Assert.Equal("registry.k8s.io/pause:3.10", toml[images + "/pinned_images/sandbox"]);
        Assert.Equal("overlayfs", toml[images + "/snapshotter"]);
        Assert.Equal("/etc/containerd/certs.d", toml[images + "/registry/config_path"]);
        Assert.Equal("io.containerd.runc.v2", toml[runtime + "/containerd/runtimes/runc/runtime_type"]);
        Assert.Equal("true", toml[runtime + "/containerd/runtimes/runc/options/SystemdCgroup"]);
        Assert.Equal("/etc/cni/net.d", toml[runtime + "/cni/conf_dir"]);
        if (release == ContainerdRelease.V2_0) Assert.Equal("/opt/cni/bin", toml[runtime + "/cni/bin_dir"]);
        else Assert.Equal("[\"/opt/cni/bin\"]", toml[runtime + "/cni/bin_dirs"]);
        // Removed/relocated in 2.0: none of the version-2 CRI keys may appear.
        Assert.DoesNotContain(toml.Keys, k => k.StartsWith("plugins/io.containerd.grpc.v1.cri", StringComparison.Ordinal));
        Assert.DoesNotContain(toml.Keys, k => k.EndsWith("sandbox_image", StringComparison.Ordinal) || k.Contains("runtime_engine", StringComparison.Ordinal));
    }

    [Fact]
    public void MiniToml_rejects_a_duplicate_table_so_the_format_check_can_fail()
    {
        var text = SampleCluster.Containerd(ContainerdRelease.V2_1).RenderConfig() + "\n[grpc]\n  address = \"x\"\n";
        Assert.Throws<FormatException>(() => MiniToml.Parse(text));
    }
}
