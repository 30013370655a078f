using System.Globalization;
using K8sBare.Cluster.Planning;
using K8sBare.Remote.Files;
using K8sBare.Remote.Services;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// What planning reads from one host, in three round trips made at the same time: every artifact file,
/// directory and restart marker (hash, mode, owner); every service's state; the binaries and their upload
/// records. Folder targets have no service manager: their services count as installed when the unit exists.
/// </summary>
internal sealed class HostState
{
    public required IReadOnlyDictionary<string, RemoteFileState> Paths { get; init; }

    public required IReadOnlyDictionary<string, ServiceStatus> Services { get; init; }

    public required IReadOnlyDictionary<string, BinaryProbe.FileInfo> BinaryFiles { get; init; }

    public required IReadOnlyDictionary<string, BinaryProbe.Record> BinaryRecords { get; init; }

    public static async Task<HostState> ReadAsync(HostSession h, CancellationToken ct)
    {
        var a = h.Artifacts;
        var paths = a.Files.Select(f => f.Path).Concat(a.Directories.Select(d => d.Path))
            .Concat(a.Services.Select(s => HostSession.MarkerPath(s.Name))).Distinct(StringComparer.Ordinal).ToList();
        var statTask = h.Connection.StatFilesAsync(paths, ct);
        var statusTasks = h.Offline ? [] : a.Services.Select(s => h.Services.GetStatusAsync(s.Name, ct)).ToList();
        var binaryPaths = a.Binaries.Select(b => b.HostPath).Concat(a.Binaries.Where(b => b.Source.HostPath is not null).Select(b => b.Source.HostPath!)).ToList();
        var probeTask = h.Offline || binaryPaths.Count == 0
            ? Task.FromResult((new Dictionary<string, BinaryProbe.FileInfo>(StringComparer.Ordinal), new Dictionary<string, BinaryProbe.Record>(StringComparer.Ordinal)))
            : BinaryProbe.ProbeAsync(h.Connection, binaryPaths, ct);
        await Task.WhenAll(statusTasks.Cast<Task>().Append(statTask).Append(probeTask)).ConfigureAwait(false);
        var (files, records) = probeTask.Result;
        return new HostState
        {
            Paths = statTask.Result.ToDictionary(s => s.Path, StringComparer.Ordinal),
            Services = statusTasks.Select(t => t.Result).ToDictionary(s => s.Name, StringComparer.Ordinal),
            BinaryFiles = files,
            BinaryRecords = records,
        };
    }

    /// <summary>What was read, as data for the plan (the apply compares it to decide whether the plan is stale).</summary>
    public IEnumerable<ObservedState> Observations(HostSession h)
    {
        foreach (var (path, s) in Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
            yield return new ObservedState(h.Name, "path " + path, Describe(s));
        foreach (var (name, s) in Services.OrderBy(p => p.Key, StringComparer.Ordinal))
            yield return new ObservedState(h.Name, "service " + name, $"{(s.Installed ? "installed" : "not installed")} {(s.Enabled ? "enabled" : "disabled")} {s.State}");
        foreach (var (path, f) in BinaryFiles.OrderBy(p => p.Key, StringComparer.Ordinal))
            yield return new ObservedState(h.Name, "binary " + path, f.Exists ? string.Create(CultureInfo.InvariantCulture, $"{f.Size} bytes mtime {f.MTime} mode {FileModes.Format(f.Mode)}") : "missing");
        foreach (var (name, r) in BinaryRecords.OrderBy(p => p.Key, StringComparer.Ordinal))
            yield return new ObservedState(h.Name, "binary record " + name, r.Sha256);
        if (h.Facts is { } facts)
            yield return new ObservedState(h.Name, "facts", $"swap {(facts.SwapEnabled ? "on" : "off")}, ip_forward {facts.IpForward?.ToString() ?? "unknown"}, systemd-resolved {(facts.SystemdResolvedActive ? "active" : "inactive")}");
    }

    public static string Describe(RemoteFileState s) =>
        !s.Exists ? "missing"
        : s.IsDirectory ? $"directory {(s.Mode is { } m ? FileModes.Format(m) : "?")} {s.Owner}"
        : $"sha256:{s.Sha256} {(s.Mode is { } mode ? FileModes.Format(mode) : "?")} {s.Owner}";
}
