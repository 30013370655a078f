using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Renders a cluster into a folder: <c>OUT/&lt;host&gt;/&lt;absolute path&gt;</c> for every file, plus
/// <c>OUT/PLAN.md</c> and <c>OUT/admin.kubeconfig</c>. It is an apply to the Directory transport, so the
/// offline output and a real apply cannot drift apart. Re-rendering reuses the PKI store and is byte-stable.
/// </summary>
public static class ClusterFolderRenderer
{
    /// <summary>The summary file name.</summary>
    public const string SummaryFileName = "PLAN.md";

    /// <summary>The default PKI store folder inside the output folder.</summary>
    public const string DefaultPkiFolderName = ".pki";

    /// <summary>Renders <paramref name="spec"/> into <paramref name="outputDirectory"/>.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="outputDirectory">The output folder.</param>
    /// <param name="pkiDirectory">The PKI store; null uses <c>OUT/.pki</c>.</param>
    /// <param name="progress">Progress events.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="Validation.ClusterValidationException">The spec has errors.</exception>
    public static async Task<FolderRenderResult> RenderToFolderAsync(ClusterSpec spec, string outputDirectory, string? pkiDirectory = null,
        IProgress<ApplyEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        // Nothing touches the file system before the spec is valid: node names become folder names below.
        spec.Validate(Validation.ValidationOptions.ForRender).ThrowIfInvalid();
        var outDir = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(outDir);
        var pki = Path.GetFullPath(pkiDirectory ?? Path.Combine(outDir, DefaultPkiFolderName));
        // Every render is a fresh apply to empty host folders, so the output (including the recorded
        // commands) is the same bytes each time. Only folders this renderer made (with .k8sbare/) are removed.
        foreach (var node in spec.Nodes)
        {
            var hostDir = PathConfinement.Under(outDir, node.Name, $"nodes[{node.Name}].name");
            if (Directory.Exists(Path.Combine(hostDir, Remote.Transports.DirectoryConnection.StateFolder))) Directory.Delete(hostDir, recursive: true);
        }

        var applier = new ClusterApplier(new DirectoryConnectionFactory(outDir));
        var result = await applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki, Progress = progress }, cancellationToken).ConfigureAwait(false);
        var artifacts = result.Artifacts!;

        foreach (var (name, file) in artifacts.OperatorFiles)
            await WriteAsync(PathConfinement.Under(outDir, name, "operator file"), file.Content, file.Mode, cancellationToken).ConfigureAwait(false);
        var shown = Path.GetRelativePath(outDir, pki);
        shown = shown.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(shown) ? pki : "./" + shown.Replace('\\', '/');
        var summary = Path.Combine(outDir, SummaryFileName);
        await WriteAsync(summary, ArtifactsSummary.ToMarkdown(artifacts, shown), Artifacts.ArtifactFile.DefaultMode, cancellationToken).ConfigureAwait(false);
        return new FolderRenderResult { OutputDirectory = outDir, PkiDirectory = pki, SummaryPath = summary, Artifacts = artifacts, Apply = result };
    }

    private static async Task WriteAsync(string path, string content, UnixFileMode mode, CancellationToken ct)
    {
        if (File.Exists(path) && await File.ReadAllTextAsync(path, ct).ConfigureAwait(false) == content) return;
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content, ct).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, mode);
        File.Move(temp, path, overwrite: true);
    }
}
