namespace K8sBare.Testing;

/// <summary>
/// The Kubernetes 1.20.2 server binaries (kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy)
/// that <c>scripts/build-kubernetes.sh</c> builds from Debian's source package and caches outside the repository.
/// Tests that need them call <see cref="LocateAsync"/>: it runs the script, which returns at once when the build is
/// cached, waits on the script's lock while another build runs (the test command starts one early in the background),
/// and builds otherwise (~6–9 min on 2 cores). Needs root (the script uses apt-get); mark such tests
/// <c>[RequiresFact(..., Root = true)]</c> so they skip outside CI without root and fail under CI when the build fails.
/// </summary>
public static class KubernetesBinaries
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _bin;

    /// <summary>The upstream version the script builds.</summary>
    public const string Version = "1.20.2";

    /// <summary>The five binaries, by name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy"];

    /// <summary>The cache folder (holding <c>bin/</c> and <c>pause.c</c>), building it first when needed.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The build failed (its output is in the message).</exception>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken = default) =>
        Path.GetDirectoryName(await LocateAsync(cancellationToken))!;

    /// <summary>The path of one binary in the cache folder.</summary>
    /// <param name="folder">From <see cref="EnsureAsync"/>.</param>
    /// <param name="name">One of <see cref="Names"/>.</param>
    public static string Binary(string folder, string name) => Path.Combine(folder, "bin", name);

    /// <summary>The folder holding the binaries (<c>&lt;cache&gt;/&lt;key&gt;/bin</c>), building them first when needed.</summary>
    /// <param name="cancellationToken">Cancels waiting for another caller of this process (the script runs to its own 45 min limit).</param>
    /// <exception cref="InvalidOperationException">The script failed (its output is in the message) or left no binaries.</exception>
    public static async Task<string> LocateAsync(CancellationToken cancellationToken = default)
    {
        if (_bin is not null) return _bin;
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_bin is not null) return _bin;
            if (Environment.GetEnvironmentVariable(BinOverride) is { Length: > 0 } given)
                return _bin = Check(given, $"${BinOverride}");
            var script = RepositoryPaths.Combine("scripts", "build-kubernetes.sh");
            var r = await ProcessRunner.RunAsync("bash", [script], timeout: TimeSpan.FromMinutes(45));
            r.EnsureSuccess($"{script} (builds Kubernetes {Version} from Debian's source; see ../shared/reference/real-kubernetes.md)");
            var folder = r.StdOut.Trim().Split('\n')[^1].Trim();
            return _bin = Check(Path.Combine(folder, "bin"), $"the folder {script} printed");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// An environment variable naming a folder with the binaries to use instead of running the script (a build of your
    /// own). Under CI it is honoured too: the tests then run against what it names.
    /// </summary>
    public const string BinOverride = "K8SBARE_KUBE_BIN";

    private static string Check(string bin, string what)
    {
        foreach (var b in Names)
            if (!File.Exists(Path.Combine(bin, b)))
                throw new InvalidOperationException($"{what} has no {b} ({Path.Combine(bin, b)} does not exist).");
        return bin;
    }

    /// <summary>The path of one binary, e.g. <c>Path("kube-apiserver")</c>, building first when needed.</summary>
    /// <param name="name">The binary's name.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<string> PathOfAsync(string name, CancellationToken cancellationToken = default) =>
        Path.Combine(await LocateAsync(cancellationToken), name);
}
