using K8sBare.Units.Components;
using K8sBare.Units.OpenRc;
using K8sBare.Units.Services;

namespace K8sBare.Units.Tests.OpenRc;

public sealed class OpenRcScriptTests
{
    private static ServiceDefinition Sample => new()
    {
        Name = "demo",
        Description = "Demo service",
        Command = new ExecCommand("/usr/local/bin/demo", "--a=1", "--name=it's here", "--v=$X"),
        PreStart = [new ExecCommand("/sbin/modprobe", "overlay") { IgnoreFailure = true }],
        Environment = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["NODE_NAME"] = "worker-0" },
        User = "demo",
        Group = "demo",
        WorkingDirectory = "/var/lib/demo",
        Requires = ["containerd.service"],
        Wants = ["etcd"],
        After = ["network-online.target", "firewall"],
        Limits = new ServiceLimits { NoFile = 65536, NProc = ServiceLimits.Infinity },
    };

    [Fact]
    public void Maps_the_definition_to_supervise_daemon_with_respawn_and_depend()
    {
        var s = OpenRcScriptRenderer.ToScript(Sample);
        Assert.True(s.Supervised);
        Assert.Equal(["containerd"], s.Need);
        Assert.Equal(["net", "etcd"], s.Use);
        Assert.Equal(["firewall"], s.After);
        Assert.Equal("demo:demo", s.CommandUser);
        Assert.Equal("-n 65536 -u unlimited", s.Ulimit);
        var text = s.Render();
        Assert.StartsWith("#!/sbin/openrc-run\n# shellcheck shell=sh disable=SC2034\n", text, StringComparison.Ordinal);
        Assert.Contains("supervisor=\"supervise-daemon\"\n", text, StringComparison.Ordinal);
        Assert.Contains("respawn_delay=\"5\"\n", text, StringComparison.Ordinal);
        Assert.Contains("pidfile=\"/run/supervise-demo.pid\"\n", text, StringComparison.Ordinal);
        Assert.Contains("output_log=\"/var/log/demo.log\"\n", text, StringComparison.Ordinal);
        Assert.Contains("\tneed containerd\n\tuse net etcd\n\tafter firewall\n", text, StringComparison.Ordinal);
        Assert.Contains("\t/sbin/modprobe overlay || true\n", text, StringComparison.Ordinal);
        Assert.Contains("export NODE_NAME=\"worker-0\"\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NetworkDependency.Use, "\tneed containerd\n\tuse net etcd\n")]
    [InlineData(NetworkDependency.Need, "\tneed net containerd\n\tuse etcd\n")]
    [InlineData(NetworkDependency.None, "\tneed containerd\n\tuse etcd\n")]
    public void Network_dependency_renders_use_net_by_default_and_need_net_only_on_request(NetworkDependency network, string depend)
    {
        var text = OpenRcScriptRenderer.ToScript(Sample with { Network = network }).Render();
        Assert.Contains(depend, text, StringComparison.Ordinal);
        Assert.Equal(network == NetworkDependency.Need, text.Contains("need net", StringComparison.Ordinal));
        Assert.Equal(network == NetworkDependency.Use, text.Contains("use net", StringComparison.Ordinal));
    }

    [Fact]
    public void NeedsNetwork_maps_onto_Network_and_keeps_an_explicit_Need()
    {
        Assert.Equal(NetworkDependency.Use, Sample.Network);
        Assert.True(Sample.NeedsNetwork);
        Assert.Equal(NetworkDependency.None, (Sample with { NeedsNetwork = false }).Network);
        Assert.False((Sample with { NeedsNetwork = false }).NeedsNetwork);
        Assert.Equal(NetworkDependency.Use, (Sample with { Network = NetworkDependency.None, NeedsNetwork = true }).Network);
        Assert.Equal(NetworkDependency.Need, (Sample with { Network = NetworkDependency.Need, NeedsNetwork = true }).Network);
        var built = new ServiceDefinitionBuilder("x").Exec("/bin/true").Network(NetworkDependency.Need).NeedsNetwork().Build();
        Assert.Equal(NetworkDependency.Need, built.Network);
        Assert.Equal(NetworkDependency.None, new ServiceDefinitionBuilder("x").Exec("/bin/true").NeedsNetwork(false).Build().Network);
    }

    [Fact]
    public void Limits_are_one_ulimit_per_limit_in_start_pre_not_rc_ulimit()
    {
        var text = OpenRcScriptRenderer.ToScript(Sample).Render();
        Assert.DoesNotContain("rc_ulimit", text, StringComparison.Ordinal);
        Assert.Contains("# shellcheck disable=SC3045\nstart_pre() {\n", text, StringComparison.Ordinal);
        Assert.Contains("\tulimit -n 65536 2>/dev/null || { ewarn \"demo: ulimit -n 65536 is not permitted here; using the hard limit\"; ulimit -n \"$(ulimit -H -n)\"; }\n", text, StringComparison.Ordinal);
        Assert.Contains("\t{ ulimit -u unlimited || ulimit -p unlimited; } 2>/dev/null || ewarn", text, StringComparison.Ordinal);
        // Limits come before the pre-start commands, so those run under them too.
        Assert.True(text.IndexOf("ulimit -n", StringComparison.Ordinal) < text.IndexOf("/sbin/modprobe", StringComparison.Ordinal));
        var none = OpenRcScriptRenderer.ToScript(Sample with { Limits = ServiceLimits.None, PreStart = [], WorkingDirectory = null }).Render();
        Assert.DoesNotContain("start_pre", none, StringComparison.Ordinal);
        Assert.DoesNotContain("ulimit", none, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-n")]
    [InlineData("-n 10 -x 5")]
    [InlineData("-n ten")]
    public void A_malformed_Ulimit_is_rejected_with_the_script_name(string ulimit)
    {
        var script = OpenRcScriptRenderer.ToScript(Sample) with { Ulimit = ulimit };
        var ex = Assert.Throws<UnitsException>(() => script.Render());
        Assert.Contains("OpenRcScript.Ulimit (demo)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_no_uses_command_background_and_a_pidfile()
    {
        var text = OpenRcScriptRenderer.ToScript(Sample with { Restart = RestartPolicy.No }).Render();
        Assert.Contains("command_background=\"true\"\n", text, StringComparison.Ordinal);
        Assert.Contains("pidfile=\"/run/demo.pid\"\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supervisor=", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_args_survive_double_quotes_and_openrc_eval()
    {
        // The value between the double quotes is what openrc-run evals; emulate both steps with sh.
        var text = OpenRcScriptRenderer.ToScript(Sample).Render();
        Assert.Contains("command_args=\"--a=1 \\\n\t'--name=it'\\\\''s here' \\\n\t'--v=\\$X'\"", text, StringComparison.Ordinal);
    }

    [RequiresFact("sh")]
    public void Sh_evaluates_command_args_back_to_the_original_argv()
    {
        var script = OpenRcScriptRenderer.ToScript(Sample).Render();
        var args = script[script.IndexOf("command_args=", StringComparison.Ordinal)..];
        args = args[..(args.IndexOf("\"\n", StringComparison.Ordinal) + 2)];
        var probe = args + "eval \"set -- $command_args\"\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n";
        var r = K8sBare.Testing.ProcessRunner.RunAsync("sh", ["-c", probe]).GetAwaiter().GetResult();
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(string.Join('\n', Sample.Command.Arguments) + "\n", r.StdOut);
    }

    [RequiresFact("sh")]
    public async Task Sh_reads_back_every_variable_and_export_of_the_tricky_service()
    {
        var def = K8sBare.Units.Tests.Support.TrickyService.Create("/usr/local/bin/demo");
        var script = def.Render(InitSystem.OpenRc).Content;
        // Source the script body (minus the shebang) and print what openrc-run would see.
        var probe = script + "\nprintf '%s\\n' \"$description\"\neval \"set -- $command_args\"\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n" +
                    "printf '%s\\n' \"$A\" \"$B\" \"$C\" \"$D\"\n";
        var r = await ProcessRunner.RunAsync("sh", ["-c", probe]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var expected = new[] { def.Description }.Concat(def.Command.Arguments).Concat(def.Environment.Values);
        Assert.Equal(string.Join('\n', expected) + "\n", r.StdOut);
    }
}
