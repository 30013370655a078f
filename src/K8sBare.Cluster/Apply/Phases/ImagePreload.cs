using System.Security.Cryptography;
using K8sBare.Cluster.Planning;
using K8sBare.Remote;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;
using K8sBare.Units.Components;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Imports <see cref="ContainerRuntimeSettings.PreloadImages"/> into containerd's <c>k8s.io</c> namespace on a worker
/// once containerd runs (<c>ctr -n k8s.io images import</c>), only when an image the archive names is missing, then
/// checks that every named image and the sandbox image containerd pins are there. The archive is uploaded to
/// <see cref="Folder"/> and removed after the import.
/// </summary>
internal static class ImagePreload
{
    public const string Folder = "/var/lib/k8sbare/images";

    /// <summary>The containerd namespace of the CRI plugin, where the kubelet's images and containers live (containerd's cri plugin: <c>k8s.io</c>).</summary>
    public const string CriNamespace = "k8s.io";

    private static readonly string Ctr = CtrCommand(CriNamespace);

    /// <summary>containerd's own CLI against the socket K8sBare's containerd config listens on, in namespace <paramref name="ns"/>.</summary>
    public static string CtrCommand(string ns) =>
        $"$(command -v ctr || echo /usr/local/bin/ctr) --address {new ContainerdOptions().GrpcAddress} -n {ns}";

    /// <summary>The service whose start the import follows.</summary>
    public const string Service = "containerd";

    /// <summary>
    /// The import step for a host whose containerd will run, or null: deferred, because which archives are
    /// missing is known only once containerd answers (it may start in this very apply).
    /// </summary>
    public static PlannedStep? Plan(ApplyRun run, HostSession h, ApplyPhase phase, IReadOnlyList<PlannedStep> decided)
    {
        var rt = run.Spec.ContainerRuntime;
        if (rt.PreloadImages.Count == 0 || h.Offline || decided.Any(s => s.Target == Service && s.Kind == ChangeKind.ServiceNotStarted)) return null;
        return new PlannedStep(phase, h.Name, ChangeKind.ImageImported, Folder,
            $"{string.Join(", ", rt.PreloadImages.SelectMany(a => a.Images))}: imported when containerd runs and lacks one") { Deferred = true };
    }

    public static async Task<bool> EnsureAsync(ApplyRun run, HostSession h, PlannedStep step, CancellationToken ct)
    {
        var rt = run.Spec.ContainerRuntime;
        if (rt.PreloadImages.Count == 0 || h.Offline) return false;
        var present = await ListAsync(h, ct).ConfigureAwait(false);
        var any = false;
        foreach (var archive in rt.PreloadImages)
        {
            if (archive.Images.All(present.Contains)) continue;
            var sha = await Sha256Async(archive.LocalPath, ct).ConfigureAwait(false);
            var remote = $"{Folder}/{sha[..16]}.tar";
            await h.Connection.UploadFileAsync(archive.LocalPath, remote, new FileWriteOptions { Mode = FileModes.Private, Owner = "root:root" }, ct).ConfigureAwait(false);
            var r = await h.Connection.RunAsync($"{Ctr} images import {ShellQuote.Quote(remote)}; rc=$?; rm -f {ShellQuote.Quote(remote)}; exit $rc", cancellationToken: ct).ConfigureAwait(false);
            if (r.ExitCode != 0)
                throw new InvalidOperationException($"importing {archive.LocalPath} into containerd failed (exit {r.ExitCode}): {r.StdErr.Trim()} {r.StdOut.Trim()}. "
                    + "Fix: check that the archive is a docker-archive or OCI tarball (docker save, podman save, skopeo copy … docker-archive:).");
            run.Applied(step, $"{string.Join(", ", archive.Images)} from {Path.GetFileName(archive.LocalPath)}");
            any = true;
        }

        if (any) present = await ListAsync(h, ct).ConfigureAwait(false);
        var missing = rt.PreloadImages.SelectMany(a => a.Images.Where(i => !present.Contains(i)).Select(i => $"{i} (from {a.LocalPath})")).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"after the import containerd does not list {string.Join(", ", missing)}. "
                + "Fix: name in containerRuntime.preloadImages exactly the references the archives hold (ctr -n k8s.io images ls).");
        if (!present.Contains(rt.SandboxImage))
            throw new InvalidOperationException($"containerd's config pins the sandbox image {rt.SandboxImage}, but containerd on {h.Name} does not have it and the preloaded images are {string.Join(", ", rt.PreloadImages.SelectMany(a => a.Images))}. "
                + "Fix: set containerRuntime.sandboxImage to the pause image you preload, or preload an archive holding it.");
        return any;
    }

    private static async Task<HashSet<string>> ListAsync(HostSession h, CancellationToken ct)
    {
        // OpenRC's supervise-daemon returns before containerd listens: wait (up to 60 s) for it to answer.
        var r = await h.Connection.RunAsync($"i=0; until {Ctr} version >/dev/null 2>&1 || [ $i -ge 60 ]; do i=$((i+1)); sleep 1; done; {Ctr} images ls -q",
            new CommandOptions { ReadOnly = true }, ct).ConfigureAwait(false);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"listing containerd's images failed (exit {r.ExitCode}): {r.StdErr.Trim()}. Fix: containerd must run and ctr must be installed on {h.Name}.");
        return r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var f = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(f, ct).ConfigureAwait(false)).ToLowerInvariant();
    }
}
