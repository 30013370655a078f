using System.Diagnostics;
using K8sBare.Cluster.Validation;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Shell;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Compares the containerd a worker will run with the release its config.toml is rendered for
/// (<c>versions.containerd</c>): containerd 1.x silently ignores a <c>version = 3</c> file and runs on defaults
/// (no CNI dirs, no SystemdCgroup, no pinned sandbox image), so a mismatch is refused before anything is written.
/// The binary is asked for its version where it will run: on the host (on-host binaries, and whatever is at the
/// install path) or on this machine (local files that the binaries phase uploads). Downloads are checked by sha256.
/// </summary>
internal static class ContainerdVersionCheck
{
    /// <summary>A problem text naming the spec field and the fix, or null when the versions agree (or cannot be known yet).</summary>
    public static async Task<string?> CheckAsync(ApplyRun run, HostSession h, CancellationToken ct)
    {
        if (!h.Artifacts.Services.Any(s => s.Name == "containerd")) return null;
        if (!VersionNumber.TryParse(run.Spec.Versions.Containerd, out var wanted)) return null;
        var source = run.Spec.SourceOf("containerd");
        string? output;
        string where;
        if (source.Kind == BinarySourceKind.LocalFile && source.LocalPath is { } local)
        {
            output = await RunLocalAsync(local, ct).ConfigureAwait(false);
            where = local;
        }
        else if (source.Kind == BinarySourceKind.Url)
        {
            return null;
        }
        else
        {
            var path = source.HostPath ?? KnownBinaries.Find("containerd")!.InstallPath;
            var r = await h.Connection.RunAsync($"[ -x {ShellQuote.Quote(path)} ] && {ShellQuote.Quote(path)} --version", new CommandOptions { ReadOnly = true }, ct).ConfigureAwait(false);
            output = r.ExitCode == 0 ? r.StdOut : null;
            where = $"{h.Name}:{path}";
        }

        if (output is null) return null;
        if (VersionNumber.Find(output) is not { } found) return null;
        var configFor = wanted.Major >= 2 ? 3 : 2;
        if (found.Major < 2 && configFor == 3)
            return $"containerd at {where} is {found}, but versions.containerd is {run.Spec.Versions.Containerd}, so config.toml is rendered as version 3, "
                + $"which containerd {found.Major}.{found.Minor} silently ignores (it would run on defaults: no CNI, no cgroup driver, no pinned sandbox image). "
                + $"Fix: set versions.containerd to {found} (config version 2), or install containerd 2.x on {h.Name}.";
        if (found.Major >= 2 && configFor == 2)
            run.Warn($"{h.Name}: containerd at {where} is {found} but versions.containerd is {run.Spec.Versions.Containerd}: it migrates the version-2 config on every start. Fix: set versions.containerd to {found}.");
        else if (found.Major != wanted.Major || found.Minor != wanted.Minor)
            run.Warn($"{h.Name}: containerd at {where} is {found}; versions.containerd says {run.Spec.Versions.Containerd}. Fix: set versions.containerd to {found}.");
        return null;
    }

    private static async Task<string?> RunLocalAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) return null;
        var psi = new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi);
        if (p is null) return null;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        return p.ExitCode == 0 ? await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false) : null;
    }
}
