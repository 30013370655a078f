namespace K8sBare.Cli.Tests;

/// <summary>
/// Reviewer's finding: plan, status, node --plan, certs check, upgrade-plan and validate created a PKI store with a
/// new CA in an empty folder. Read-only verbs never write; without a store they say what is missing and which verb
/// creates it.
/// </summary>
public sealed class ReadOnlyVerbTests
{
    [Fact]
    public async Task Read_only_verbs_write_nothing_in_an_empty_folder()
    {
        using var cli = new Cli();
        cli.CreateSshKey();
        // A render's host folders stand in for the hosts (--folder): the verbs read them, nothing is reached over SSH.
        var hosts = Path.Combine(cli.Inputs, "hosts");
        foreach (var h in new[] { "master", "node-1", "node-2" }) Directory.CreateDirectory(Path.Combine(hosts, h));

        var plan = await cli.RunAsync("plan", "--folder", hosts);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("No PKI store with a cluster CA at", plan.Output, StringComparison.Ordinal);
        Assert.Contains("The CA will be created by apply", plan.Output, StringComparison.Ordinal);

        var status = await cli.RunAsync("status", "--folder", hosts);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("'k8sbare apply' creates the CA", status.Output, StringComparison.Ordinal);

        var node = await cli.RunAsync("node", "add", "node-3", "10.240.0.23", "--plan", "--folder", hosts);
        Assert.True(node.ExitCode == 2, node.ToString());
        Assert.Contains("'k8sbare apply' creates the CA", node.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await cli.RunAsync("upgrade-plan", "--to", "1.33")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("validate")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("certs", "check")).ExitCode);
        Assert.Empty(cli.WrittenFiles());
        Assert.Empty(Directory.EnumerateFiles(hosts, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Plan_leaves_an_existing_store_as_it_was()
    {
        using var cli = new Cli();
        cli.CreateSshKey();
        var render = Path.Combine(cli.Inputs, "out");
        var rendered = await cli.RunAsync("render", "--out", render);
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        var store = Path.Combine(render, ".pki");
        var before = Snapshot(store);
        // A fourth node needs certificates the store lacks: planning it must not add them to the store.
        var node = await cli.RunAsync("node", "add", "node-3", "10.240.0.23", "--plan", "--folder", render, "--pki-dir", store);
        Assert.DoesNotContain("'k8sbare apply' creates the CA", node.Output, StringComparison.Ordinal);
        var plan = await cli.RunAsync("plan", "--folder", render, "--pki-dir", store);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.DoesNotContain("No PKI store", plan.Output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(store));
    }

    [Fact]
    public async Task Certs_check_on_an_empty_store_says_no_certificates_were_found()
    {
        using var cli = new Cli();
        var empty = Directory.CreateDirectory(Path.Combine(cli.Inputs, "pki")).FullName;
        var r = await cli.RunAsync("certs", "check", "--pki-dir", empty);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"No certificates found in {empty}", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("valid", r.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
}
