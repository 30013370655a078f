namespace K8sBare.Testing.Kubernetes;

/// <summary>
/// The Kubernetes 1.20.2 binaries (kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy) built
/// from Debian's source package by <c>scripts/build-kubernetes.sh</c> and cached outside the repository. <c>test.sh</c>
/// starts that build in the background; asking here runs the same script, which waits on its lock for a running build
/// (or builds, ~6–9 min cold) and prints the cache folder. Nothing is ever faked: when the build fails, tests fail.
/// </summary>
public static class KubernetesBinaries
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    /// <summary>The five binaries, by name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy"];

    /// <summary>The Kubernetes version they are.</summary>
    public const string Version = "1.20.2";

    /// <summary>The cache folder (holding <c>bin/</c> and <c>pause.c</c>), building it first when needed.</summary>
    /// <exception cref="InvalidOperationException">The build failed (its output is in the message).</exception>
    public static async Task<string> EnsureAsync(CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (_folder is not null) return _folder;
            var script = RepositoryPaths.Combine("scripts", "build-kubernetes.sh");
            var r = await ProcessRunner.RunAsync("bash", [script], timeout: TimeSpan.FromMinutes(45));
            var folder = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
            if (r.ExitCode != 0 || folder is null || !Names.All(n => File.Exists(Path.Combine(folder, "bin", n))))
                throw new InvalidOperationException($"scripts/build-kubernetes.sh failed (exit {r.ExitCode}); the Kubernetes binaries are needed.\n{r.StdErr}\n{r.StdOut}");
            return _folder = folder;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The path of one binary in the cache folder.</summary>
    /// <param name="folder">From <see cref="EnsureAsync"/>.</param>
    /// <param name="name">One of <see cref="Names"/>.</param>
    public static string Binary(string folder, string name) => Path.Combine(folder, "bin", name);
}
