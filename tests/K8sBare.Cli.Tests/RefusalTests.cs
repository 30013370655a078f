namespace K8sBare.Cli.Tests;

/// <summary>
/// Reviewer's findings: refusals exited 1 or 2 depending on the verb and printed .NET exception type names;
/// <c>--limit ''</c> meant "no hosts"; validate did not say how to check without hosts; upgrade-plan to the running
/// version printed a plan. One set of exit codes (0 ok, 1 failed, 2 refused, 130 cancelled), messages in the user's words.
/// </summary>
public sealed class RefusalTests
{
    [Theory]
    [InlineData("plan", "--limit", "")]
    [InlineData("plan", "--limit", "master,,node-1")]
    [InlineData("apply", "--limit", "nosuch")]
    [InlineData("plan", "--limit", "master", "--limit", "node-9")]
    public async Task An_empty_or_unknown_limit_is_refused_listing_the_hosts(params string[] args)
    {
        using var cli = new Cli();
        cli.CreateSshKey();
        var r = await cli.RunAsync(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--limit", r.Output, StringComparison.Ordinal);
        Assert.Contains("master, node-1, node-2", r.Output, StringComparison.Ordinal);
        Assert.Empty(cli.WrittenFiles());
    }

    [Theory]
    [InlineData("upgrade-plan", "--to", "1.20")]            // the SDK's skew-policy refusal
    [InlineData("upgrade-plan", "--to", "one.thirty")]      // a version that does not parse
    [InlineData("render", "--topology", "nope")]
    [InlineData("plan", "--limit", "nosuch")]
    [InlineData("reset", "nosuch", "--plan")]
    [InlineData("etcd", "restore", "--snapshot", "/nonexistent/snap.db", "--plan")]
    [InlineData("plan", "--no-such-option")]                // the command line itself
    public async Task Refusals_exit_2_without_exception_type_names(params string[] args)
    {
        using var cli = new Cli();
        cli.CreateSshKey();
        var r = await cli.RunAsync(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.DoesNotMatch(@"\b[A-Z][A-Za-z]*Exception\b", r.Output);
        Assert.DoesNotContain("(Parameter '", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_lists_the_exit_codes()
    {
        using var cli = new Cli();
        var r = await cli.RunAsync("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Exit codes: 0 ok; 1 the operation failed or a check found a problem; 2 refused before anything changed", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_without_the_ssh_key_says_how_to_validate_without_hosts()
    {
        using var cli = new Cli();
        var r = await cli.RunAsync("validate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("ssh.identityFile", r.Output, StringComparison.Ordinal);
        Assert.Contains("k8sbare validate --render-only", r.Output, StringComparison.Ordinal);
        var offline = await cli.RunAsync("validate", "--render-only");
        Assert.True(offline.ExitCode == 0, offline.ToString());
    }

    [Fact]
    public async Task Upgrade_plan_to_the_running_version_has_nothing_to_upgrade()
    {
        using var cli = new Cli();
        var r = await cli.RunAsync("upgrade-plan", "--to", "1.32");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("nothing to upgrade", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("drain", r.Output, StringComparison.Ordinal);
    }
}
