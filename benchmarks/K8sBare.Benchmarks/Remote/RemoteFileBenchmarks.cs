using BenchmarkDotNet.Attributes;
using K8sBare.Remote;
using K8sBare.Remote.Files;
using K8sBare.Remote.Transports;

namespace K8sBare.Benchmarks.Remote;

/// <summary>
/// EnsureFiles through the transports that need no remote host: the Directory transport (render-to-folder) and the
/// Local transport (the same shell scripts the OpenSSH transport runs, without the network). 100 files of 1 KiB.
/// Over SSH see benchmarks/compare/remote-vs-ansible.sh.
/// </summary>
[MemoryDiagnoser]
public class RemoteFileBenchmarks
{
    private string _root = "";
    private List<RemoteFile> _files = [];
    private DirectoryConnection? _directory;
    private LocalConnection? _local;

    [GlobalSetup]
    public async Task Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "k8sb-bench-" + Guid.NewGuid().ToString("N")[..8]);
        _files = [.. Enumerable.Range(0, 100).Select(i => RemoteFile.FromText($"{_root}/local/etc/f{i}.conf", new string((char)('a' + i % 26), 1024), FileModes.Default))];
        _directory = new DirectoryConnection(new DirectoryHostOptions { Root = Path.Combine(_root, "dir"), AppendToLog = true });
        _local = new LocalConnection();
        await _directory.EnsureFilesAsync(_files);
        await _local.EnsureFilesAsync(_files);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Render-to-folder, nothing changed: hash 100 files and compare.</summary>
    [Benchmark]
    public Task<IReadOnlyList<FileChange>> Directory_EnsureFiles_100_unchanged() => _directory!.EnsureFilesAsync(_files);

    /// <summary>Local shell transport, nothing changed: one stat/hash script for 100 files.</summary>
    [Benchmark]
    public Task<IReadOnlyList<FileChange>> Local_EnsureFiles_100_unchanged() => _local!.EnsureFilesAsync(_files);

    /// <summary>Local shell transport, all 100 files written: one stat script + one batch script.</summary>
    [Benchmark]
    public async Task<IReadOnlyList<FileChange>> Local_EnsureFiles_100_all_changed()
    {
        await _local!.RemoveAsync($"{_root}/local/etc");
        return await _local.EnsureFilesAsync(_files);
    }
}
