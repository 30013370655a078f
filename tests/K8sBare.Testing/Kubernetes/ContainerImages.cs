using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace K8sBare.Testing.Kubernetes;

/// <summary>
/// Container images for a cluster without a registry, built here as docker-archive tarballs (what
/// <c>ctr images import</c> reads): the pause image from the Kubernetes source tree's <c>pause.c</c>
/// (<c>gcc -Os -static</c>) and a workload image from Debian's busybox-static.
/// </summary>
public static class ContainerImages
{
    /// <summary>The pause image reference the 1.20 test clusters pin and import.</summary>
    public const string PauseImage = "registry.k8s.io/pause:3.2";

    /// <summary>The workload image reference.</summary>
    public const string BusyboxImage = "k8sbare.test/busybox:1";

    /// <summary>Compiles <paramref name="pauseSource"/> and writes the pause image archive into <paramref name="folder"/>.</summary>
    /// <returns>The archive's path.</returns>
    public static async Task<string> BuildPauseAsync(string pauseSource, string folder)
    {
        Directory.CreateDirectory(folder);
        var binary = Path.Combine(folder, "pause");
        (await ProcessRunner.RunAsync("gcc", ["-Os", "-static", "-o", binary, pauseSource], timeout: TimeSpan.FromMinutes(5)))
            .EnsureSuccess("gcc -Os -static pause.c (needs gcc and libc6-dev)");
        var archive = Path.Combine(folder, "pause.tar");
        WriteDockerArchive(archive, PauseImage, [("pause", await File.ReadAllBytesAsync(binary), null)], entrypoint: ["/pause"], cmd: null);
        return archive;
    }

    /// <summary>Writes a busybox image (/bin/busybox from busybox-static, with applet links) into <paramref name="folder"/>.</summary>
    /// <returns>The archive's path.</returns>
    public static async Task<string> BuildBusyboxAsync(string folder, string busybox = "/bin/busybox")
    {
        Directory.CreateDirectory(folder);
        if (!File.Exists(busybox)) throw new InvalidOperationException($"{busybox} is missing: install the Debian package busybox-static");
        var applets = new[] { "sh", "ls", "cat", "echo", "sleep", "wget", "nc", "httpd", "hostname", "ip", "ping", "env", "ps", "true", "mkdir", "grep" };
        var entries = new List<(string Path, byte[]? Content, string? LinkTarget)> { ("bin/busybox", await File.ReadAllBytesAsync(busybox), null) };
        entries.AddRange(applets.Select(a => ($"bin/{a}", (byte[]?)null, (string?)"busybox")));
        entries.Add(("tmp/", null, null));
        var archive = Path.Combine(folder, "busybox.tar");
        WriteDockerArchive(archive, BusyboxImage, entries, entrypoint: null, cmd: ["/bin/sh"]);
        return archive;
    }

    private static void WriteDockerArchive(string path, string reference, IReadOnlyList<(string Path, byte[]? Content, string? LinkTarget)> files,
        string[]? entrypoint, string[]? cmd)
    {
        // One layer: a plain tar of the files (fixed mtime, root-owned, so the archive is reproducible).
        var layer = new MemoryStream();
        using (var w = new TarWriter(layer, TarEntryFormat.Pax, leaveOpen: true))
        {
            var mtime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            foreach (var dir in files.Select(f => Path.GetDirectoryName(f.Path.TrimEnd('/'))).Where(d => !string.IsNullOrEmpty(d)).Distinct())
                w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = (UnixFileMode)0b111_101_101, ModificationTime = mtime });
            foreach (var (p, content, link) in files)
            {
                PaxTarEntry e;
                if (p.EndsWith('/')) e = new PaxTarEntry(TarEntryType.Directory, p) { Mode = (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit };
                else if (link is not null) e = new PaxTarEntry(TarEntryType.SymbolicLink, p) { LinkName = link, Mode = (UnixFileMode)0b111_111_111 };
                else e = new PaxTarEntry(TarEntryType.RegularFile, p) { DataStream = new MemoryStream(content!), Mode = (UnixFileMode)0b111_101_101 };
                e.ModificationTime = mtime;
                w.WriteEntry(e);
            }
        }

        var layerBytes = layer.ToArray();
        var diffId = Convert.ToHexStringLower(SHA256.HashData(layerBytes));
        var containerConfig = new JsonObject();
        if (entrypoint is not null) containerConfig["Entrypoint"] = new JsonArray(entrypoint.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray());
        if (cmd is not null) containerConfig["Cmd"] = new JsonArray(cmd.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray());
        containerConfig["Env"] = new JsonArray(JsonValue.Create("PATH=/bin"));
        var config = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = "2020-01-01T00:00:00Z",
            ["config"] = containerConfig,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(JsonValue.Create($"sha256:{diffId}")) },
            ["history"] = new JsonArray(new JsonObject { ["created"] = "2020-01-01T00:00:00Z", ["created_by"] = "K8sBare.Testing" }),
        };
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configName = Convert.ToHexStringLower(SHA256.HashData(configBytes)) + ".json";
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = configName,
            ["RepoTags"] = new JsonArray(JsonValue.Create(reference)),
            ["Layers"] = new JsonArray(JsonValue.Create($"{diffId}/layer.tar")),
        });

        using var file = File.Create(path);
        using var tar = new TarWriter(file, TarEntryFormat.Pax);
        void Add(string name, byte[] data) => tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data), Mode = (UnixFileMode)0b110_100_100 });
        Add($"{diffId}/layer.tar", layerBytes);
        Add(configName, configBytes);
        Add("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }
}
