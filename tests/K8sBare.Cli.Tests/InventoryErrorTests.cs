namespace K8sBare.Cli.Tests;

/// <summary>
/// Reviewer's finding: the CLI's inventory errors came in three rounds (YAML shape, words, semantics). One run of
/// any verb names every problem at once, by YAML key path, line and fix, before anything is written.
/// </summary>
public sealed class InventoryErrorTests
{
    private const string Inventory = """
        name: lab
        network: { nodeSubnetLength: big }
        flannel: { backend: udp }
        binaries:
          etcd: { file: ../../usr/bin/etcd }
        nodes:
          - { name: m, address: 10.0.0.1, roles: [control-plane, etcd], init: systemd }
          - { name: m, address: 10.0.0.2, roles: [worker] }
        """;

    [Theory]
    [InlineData("validate", "--render-only")]
    [InlineData("render")]
    [InlineData("plan")]
    public async Task Every_problem_comes_in_one_run_by_key_path(string verb, params string[] more)
    {
        using var cli = new Cli();
        cli.CreateSshKey();
        var file = Path.Combine(cli.Inputs, "inv.yaml");
        await File.WriteAllTextAsync(file, Inventory);
        var r = await cli.RunAsync([verb, "--inventory", file, .. more]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("has 4 problem(s)", r.Output, StringComparison.Ordinal);
        Assert.Contains("network.nodeSubnetLength: line 2", r.Output, StringComparison.Ordinal);
        Assert.Contains("flannel.backend: line 3", r.Output, StringComparison.Ordinal);
        Assert.Contains("binaries.etcd.file: line 5", r.Output, StringComparison.Ordinal);
        Assert.Contains("nodes[1].name: line 8", r.Output, StringComparison.Ordinal);
        Assert.Equal(4, r.Output.Split(" Fix: ").Length - 1);
        Assert.Empty(cli.WrittenFiles());
    }
}
