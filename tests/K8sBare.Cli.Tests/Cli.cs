using System.Text.RegularExpressions;
using K8sBare.Testing;

namespace K8sBare.Cli.Tests;

/// <summary>
/// Runs the real <c>k8sbare</c> (the CLI's build output beside the tests) as a process, in its own working folder
/// and with its own HOME, so what a verb writes — or must not write — is visible.
/// </summary>
internal sealed partial class Cli : IDisposable
{
    private readonly TempDirectory _root = new("k8sbare-cli");

    public Cli()
    {
        Directory.CreateDirectory(WorkDir);
        Directory.CreateDirectory(Home);
    }

    /// <summary>The working folder (where ./out/.pki, the default PKI store, would go).</summary>
    public string WorkDir => _root.Combine("work");

    /// <summary>The user's home (~/.ssh/id_ed25519 is the inventories' default key).</summary>
    public string Home => _root.Combine("home");

    /// <summary>A folder outside <see cref="WorkDir"/> for inputs (inventories, snapshots, a render's OUT).</summary>
    public string Inputs => Directory.CreateDirectory(_root.Combine("inputs")).FullName;

    /// <summary>Creates ~/.ssh/id_ed25519 (a real key, from ssh-keygen) so validation for apply passes.</summary>
    public void CreateSshKey()
    {
        var ssh = Directory.CreateDirectory(Path.Combine(Home, ".ssh")).FullName;
        ProcessRunner.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(ssh, "id_ed25519")).EnsureSuccess("ssh-keygen");
    }

    /// <summary>Every file under <see cref="WorkDir"/>.</summary>
    public IReadOnlyList<string> WrittenFiles() =>
        Directory.EnumerateFileSystemEntries(WorkDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(WorkDir, f)).Order(StringComparer.Ordinal).ToList();

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "k8sbare.dll");
        var r = await ProcessRunner.RunAsync("dotnet", [dll, .. args], timeout: TimeSpan.FromMinutes(3), workingDirectory: WorkDir,
            env: new Dictionary<string, string> { ["HOME"] = Home, ["NO_COLOR"] = "1" });
        return new CliResult(r.ExitCode, Flat(r.StdOut + "\n" + r.StdErr));
    }

    // Spectre.Console wraps at 80 columns when the output is not a terminal: compare text with whitespace runs as one space.
    private static string Flat(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public void Dispose() => _root.Dispose();
}

/// <summary>A run's exit code and its output (stdout then stderr, whitespace runs as one space).</summary>
internal sealed record CliResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}: {Output}";
}
