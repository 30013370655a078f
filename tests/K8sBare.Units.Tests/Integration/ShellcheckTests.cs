using K8sBare.Units.Components;
using K8sBare.Units.Services;
using K8sBare.Units.Tests.Support;

namespace K8sBare.Units.Tests.Integration;

/// <summary>Every OpenRC script (and the keepalived check script) passes <c>sh -n</c> and <c>shellcheck -s sh</c>.</summary>
public sealed class ShellcheckTests
{
    public static IEnumerable<object[]> Scripts() =>
        SampleCluster.Components.Select(c => new object[] { c.Name })
            .Append(["keepalived-check"])
            .Append(["quoting-demo"]);

    private static string ScriptFor(string name) => name switch
    {
        "keepalived-check" => SampleCluster.Keepalived.RenderCheckScript(),
        "quoting-demo" => TrickyService.Create("/usr/local/bin/demo").Render(InitSystem.OpenRc).Content,
        _ => SampleCluster.Get(name).ToService().Render(InitSystem.OpenRc).Content,
    };

    [RequiresTheory("sh", "shellcheck")]
    [MemberData(nameof(Scripts))]
    public async Task Script_passes_sh_n_and_shellcheck(string name)
    {
        using var dir = new TempDirectory("k8sbare-units-sh");
        var path = dir.Combine(name);
        await File.WriteAllTextAsync(path, ScriptFor(name));
        var sh = await ProcessRunner.RunAsync("sh", ["-n", path]);
        Assert.True(sh.ExitCode == 0 && sh.StdErr.Length == 0, $"sh -n {name}: {sh.StdErr}");
        var sc = await ProcessRunner.RunAsync("shellcheck", ["-s", "sh", path]);
        Assert.True(sc.ExitCode == 0, $"shellcheck {name}:\n{sc.StdOut}{sc.StdErr}");
    }

    [RequiresFact("shellcheck")]
    public async Task Shellcheck_flags_a_broken_script_so_the_check_above_can_fail()
    {
        using var dir = new TempDirectory("k8sbare-units-sh");
        var path = dir.Combine("broken");
        var text = SampleCluster.Etcd.ToService().Render(InitSystem.OpenRc).Content + "\nfoo() {\n\techo $undefined_var\n}\n";
        await File.WriteAllTextAsync(path, text);
        var sc = await ProcessRunner.RunAsync("shellcheck", ["-s", "sh", path]);
        Assert.Equal(1, sc.ExitCode);
        // The specific finding (referenced but never assigned), not any failure.
        Assert.Contains("SC2154", sc.StdOut, StringComparison.Ordinal);
        Assert.Contains("undefined_var", sc.StdOut, StringComparison.Ordinal);
    }
}
