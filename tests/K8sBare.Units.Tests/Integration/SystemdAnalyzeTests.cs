using K8sBare.Units.Components;
using K8sBare.Units.Services;
using K8sBare.Units.Tests.Support;

namespace K8sBare.Units.Tests.Integration;

/// <summary>
/// Every generated unit passes <c>systemd-analyze verify</c> with an empty stderr (unknown keys and typos only warn
/// with exit 0, so stderr is the real signal). PID 1 here is not systemd: units are verified from a temp dir on
/// SYSTEMD_UNIT_PATH, with Exec* paths rewritten to a stub because the Kubernetes binaries are not installed.
/// </summary>
public sealed class SystemdAnalyzeTests
{
    [RequiresTheory("systemd-analyze")]
    [MemberData(nameof(SampleCluster.ComponentNames), MemberType = typeof(SampleCluster))]
    public async Task Unit_passes_systemd_analyze_verify_with_empty_stderr(string component)
    {
        using var dir = new TempDirectory("k8sbare-units-verify");
        var stub = Stubs.CreateStub(dir);
        // Dependency units (containerd for kubelet) are generated ones too.
        foreach (var (name, options) in SampleCluster.Components)
        {
            var text = options.ToService().Render(InitSystem.Systemd).Content;
            await File.WriteAllTextAsync(dir.Combine(name + ".service"), Stubs.PointExecAt(text, stub));
        }
        var r = await ProcessRunner.RunAsync("systemd-analyze", ["verify", "--man=no", dir.Combine(component + ".service")],
            env: new Dictionary<string, string> { ["SYSTEMD_UNIT_PATH"] = dir.Path + ":" });
        Assert.True(r.ExitCode == 0 && r.StdErr.Length == 0, $"systemd-analyze verify {component}.service: exit {r.ExitCode}\n{r.StdErr}");
    }

    [RequiresFact("systemd-analyze")]
    public async Task Verify_does_catch_a_typo_so_the_check_above_can_fail()
    {
        using var dir = new TempDirectory("k8sbare-units-verify");
        var stub = Stubs.CreateStub(dir);
        var text = Stubs.PointExecAt(SampleCluster.Etcd.ToService().Render(InitSystem.Systemd).Content, stub)
            .Replace("LimitNOFILE=", "LimitNOFIEL=", StringComparison.Ordinal);
        await File.WriteAllTextAsync(dir.Combine("etcd.service"), text);
        var r = await ProcessRunner.RunAsync("systemd-analyze", ["verify", "--man=no", dir.Combine("etcd.service")],
            env: new Dictionary<string, string> { ["SYSTEMD_UNIT_PATH"] = dir.Path + ":" });
        Assert.Contains("Unknown key 'LimitNOFIEL'", r.StdErr, StringComparison.Ordinal);
    }

    [RequiresFact("systemd-analyze")]
    public async Task Verify_reports_a_missing_binary_when_not_stubbed()
    {
        using var dir = new TempDirectory("k8sbare-units-verify");
        var missing = dir.Combine("no-such-dir", "kube-scheduler");
        await File.WriteAllTextAsync(dir.Combine("kube-scheduler.service"),
            (SampleCluster.Scheduler with { BinaryPath = missing }).ToService().Render(InitSystem.Systemd).Content);
        var r = await ProcessRunner.RunAsync("systemd-analyze", ["verify", "--man=no", dir.Combine("kube-scheduler.service")],
            env: new Dictionary<string, string> { ["SYSTEMD_UNIT_PATH"] = dir.Path + ":" });
        Assert.Contains(missing, r.StdErr, StringComparison.Ordinal);
    }

    [RequiresFact("systemd-analyze")]
    public async Task Quoted_arguments_environment_user_and_percent_pass_verify()
    {
        using var dir = new TempDirectory("k8sbare-units-verify");
        var stub = Stubs.CreateStub(dir);
        var def = TrickyService.Create(stub);
        var path = dir.Combine("quoting-demo.service");
        await File.WriteAllTextAsync(path, def.Render(InitSystem.Systemd).Content);
        var r = await ProcessRunner.RunAsync("systemd-analyze", ["verify", "--man=no", path],
            env: new Dictionary<string, string> { ["SYSTEMD_UNIT_PATH"] = dir.Path + ":" });
        Assert.True(r.ExitCode == 0 && r.StdErr.Length == 0, $"systemd-analyze verify: exit {r.ExitCode}\n{r.StdErr}");
        var parsed = K8sBare.Units.Systemd.SystemdQuoting.ParseCommand(
            K8sBare.Units.Systemd.SystemdUnit.Parse(await File.ReadAllTextAsync(path)).Get("Service", "ExecStart")!);
        Assert.Equal(def.Command.Arguments, parsed.Arguments);
    }
}
