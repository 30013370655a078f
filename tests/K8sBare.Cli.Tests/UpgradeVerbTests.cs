namespace K8sBare.Cli.Tests;

/// <summary>
/// <c>k8sbare upgrade</c>: the checks that follow from the two inventories refuse with exit 2, naming the field and
/// the fix, before any host or the API is contacted and without writing anything (the upgrade itself runs on real
/// components in K8sBare.Cluster.Tests' UpgradeEndToEndTests).
/// </summary>
public sealed class UpgradeVerbTests
{
    private static readonly string Twenty = K8sBare.Testing.RepositoryPaths.Combine("samples", "inventory", "twenty.yaml");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_containerd_downgrade_is_refused_before_anything_is_contacted(bool planOnly)
    {
        using var cli = new Cli();
        cli.CreateSshKey();
        var current = Path.Combine(cli.Inputs, "current.yaml");
        var target = Path.Combine(cli.Inputs, "target.yaml");
        var text = await File.ReadAllTextAsync(Twenty);
        Assert.Contains("containerd: 2.1.0", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(current, text);
        await File.WriteAllTextAsync(target, text.Replace("containerd: 2.1.0", "containerd: 1.7.24", StringComparison.Ordinal));
        string[] args = ["upgrade", "-i", current, "--to-inventory", target];
        var r = await cli.RunAsync(planOnly ? [.. args, "--plan"] : args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("versions.containerd: 2.1.0 → 1.7.24 is a downgrade", r.Output, StringComparison.Ordinal);
        Assert.Contains("Refused; nothing was changed", r.Output, StringComparison.Ordinal);
        Assert.Empty(cli.WrittenFiles());
    }
}
