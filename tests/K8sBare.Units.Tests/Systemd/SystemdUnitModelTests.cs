using K8sBare.Units.Components;
using K8sBare.Units.Services;
using K8sBare.Units.Systemd;

namespace K8sBare.Units.Tests.Systemd;

public sealed class SystemdUnitModelTests
{
    private static ServiceDefinition Sample => new()
    {
        Name = "demo",
        Description = "Demo service",
        Command = new ExecCommand("/usr/local/bin/demo", "--a=1", "--name=with space", "--pct=50%", "--dollar=$HOME", "-c", "/etc/demo.conf"),
        Environment = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["B"] = "two words", ["A"] = "plain" },
        Requires = ["containerd"],
        Wants = ["etcd"],
        After = ["local-fs.target"],
        Limits = new ServiceLimits { NoFile = 1048576, NProc = ServiceLimits.Infinity },
    };

    [Fact]
    public void Renders_sections_in_order_with_dependencies_and_limits()
    {
        var unit = SystemdUnitRenderer.ToUnit(Sample);
        Assert.Equal(["Unit", "Service", "Install"], unit.Sections.Select(s => s.Name));
        Assert.Equal("network-online.target containerd.service etcd.service local-fs.target", unit.Get("Unit", "After"));
        Assert.Equal("network-online.target etcd.service", unit.Get("Unit", "Wants"));
        Assert.Equal("containerd.service", unit.Get("Unit", "Requires"));
        Assert.Equal("1048576", unit.Get("Service", "LimitNOFILE"));
        Assert.Equal("infinity", unit.Get("Service", "LimitNPROC"));
        Assert.Equal("multi-user.target", unit.Get("Install", "WantedBy"));
    }

    [Fact]
    public void Repeated_environment_keys_are_kept_in_key_order_and_quoted()
    {
        var unit = SystemdUnitRenderer.ToUnit(Sample);
        Assert.Equal(["A=plain", "\"B=two words\""], unit.GetAll("Service", "Environment"));
    }

    [Fact]
    public void ExecStart_quotes_blanks_and_escapes_percent_and_dollar_and_splits_back()
    {
        var text = SystemdUnitRenderer.ToUnit(Sample).Render();
        Assert.Contains("  \"--name=with space\" \\\n", text, StringComparison.Ordinal);
        Assert.Contains("--pct=50%% \\\n", text, StringComparison.Ordinal);
        Assert.Contains("--dollar=$$HOME \\\n", text, StringComparison.Ordinal);
        Assert.Contains("  -c /etc/demo.conf\n", text, StringComparison.Ordinal);
        var parsed = SystemdUnit.Parse(text);
        var cmd = SystemdQuoting.ParseCommand(parsed.Get("Service", "ExecStart")!);
        Assert.Equal("/usr/local/bin/demo", cmd.Path);
        Assert.Equal(Sample.Command.Arguments, cmd.Arguments);
    }

    [Fact]
    public void Parse_then_render_is_byte_identical()
    {
        var text = SystemdUnitRenderer.ToUnit(Sample).Render();
        Assert.Equal(text, SystemdUnit.Parse(text).Render());
    }

    [Fact]
    public void Parse_reads_a_handwritten_unit_with_comments_continuations_and_repeats()
    {
        const string text = "# header comment\n[Unit]\nDescription = Hand written\n\n[Service]\n; a comment\n" +
                            "Environment=A=1\nEnvironment=\"B=x y\"\nExecStart=/usr/bin/flanneld \\\n    -etcd-endpoints=${E} \\\n" +
                            "# comment inside a continuation\n    -ip-masq\nRestart=on-failure\n";
        var unit = SystemdUnit.Parse(text);
        Assert.Equal("Hand written", unit.Get("Unit", "Description"));
        Assert.Equal(["A=1", "\"B=x y\""], unit.GetAll("Service", "Environment"));
        Assert.Equal("/usr/bin/flanneld -etcd-endpoints=${E} -ip-masq", unit.Get("Service", "ExecStart"));
        Assert.Equal(["/usr/bin/flanneld", "-etcd-endpoints=${E}", "-ip-masq"], SystemdQuoting.Split(unit.Get("Service", "ExecStart")!));
    }

    [Theory]
    [InlineData("[Unit\nDescription=x\n", "unit file:1")]
    [InlineData("[Unit]\nno equals sign\n", "unit file:2")]
    [InlineData("Description=x\n", "unit file:1")]
    public void Parse_rejects_malformed_lines_with_the_line_number(string text, string where)
    {
        var ex = Assert.Throws<UnitsException>(() => SystemdUnit.Parse(text));
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_decodes_quotes_and_escapes()
    {
        Assert.Equal(["/bin/x", "a b", "c\"d", "50%", "$V", "e'f"], SystemdQuoting.Split("/bin/x \"a b\" \"c\\\"d\" 50%% $$V 'e\\'f'"));
        Assert.Throws<UnitsException>(() => SystemdQuoting.Split("/bin/x \"open"));
    }

    [Fact]
    public void Ignore_failure_prefix_round_trips()
    {
        var d = UnitDirective.Exec("ExecStartPre", "/sbin/modprobe", ["overlay"], ignoreFailure: true);
        Assert.Equal("-/sbin/modprobe overlay", d.Value);
        var cmd = SystemdQuoting.ParseCommand(d.Value);
        Assert.True(cmd.IgnoreFailure);
        Assert.Equal("/sbin/modprobe", cmd.Path);
    }

    [Fact]
    public void Invalid_definition_is_rejected_naming_the_field()
    {
        var bad = Sample with { Name = "bad name", Command = new ExecCommand("relative/bin"), OomScoreAdjust = 5000 };
        var ex = Assert.Throws<UnitsException>(() => SystemdUnitRenderer.ToUnit(bad));
        Assert.Contains(ex.Problems, p => p.Option == "ServiceDefinition.Name");
        Assert.Contains(ex.Problems, p => p.Option == "ServiceDefinition.Command.Path");
        Assert.Contains(ex.Problems, p => p.Option == "ServiceDefinition.OomScoreAdjust");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData(".hidden")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    public void A_service_name_that_would_leave_the_unit_or_script_folder_is_refused_for_both_init_systems(string name)
    {
        var bad = Sample with { Name = name };
        foreach (var init in new[] { InitSystem.Systemd, InitSystem.OpenRc })
        {
            var ex = Assert.Throws<UnitsException>(() => bad.Render(init));
            Assert.Contains(ex.Problems, p => p.Option == "ServiceDefinition.Name");
        }
    }

    [Fact]
    public void Builder_keeps_order_and_repeats()
    {
        var unit = new SystemdUnitBuilder().Section("Unit").Add("Description", "x")
            .Section("Service").Add("Environment", "A=1").Add("Environment", "B=2").Add("Skipped", null).Build();
        Assert.Equal("[Unit]\nDescription=x\n\n[Service]\nEnvironment=A=1\nEnvironment=B=2\n", unit.Render());
    }

    [Fact]
    public void ServiceDefinitionBuilder_composes_an_immutable_definition_for_both_init_systems()
    {
        var def = new ServiceDefinitionBuilder("node-exporter").Description("Prometheus node exporter")
            .Exec("/usr/local/bin/node_exporter", "--web.listen-address=:9100")
            .RunAs("nobody", "nogroup").Env("GOMAXPROCS", "1").Restart(RestartPolicy.Always, 10).After("containerd").Build();
        var unit = SystemdUnitRenderer.ToUnit(def);
        Assert.Equal("always", unit.Get("Service", "Restart"));
        Assert.Equal("10", unit.Get("Service", "RestartSec"));
        Assert.Equal("nobody", unit.Get("Service", "User"));
        Assert.Equal("GOMAXPROCS=1", unit.Get("Service", "Environment"));
        Assert.Contains("command_user=\"nobody:nogroup\"", def.Render(InitSystem.OpenRc).Content, StringComparison.Ordinal);
        Assert.Throws<UnitsException>(() => new ServiceDefinitionBuilder("x").Build());
    }

    [Fact]
    public void Percent_in_free_text_is_escaped_as_a_literal()
    {
        var unit = SystemdUnitRenderer.ToUnit(Sample with { Description = "100% demo", WorkingDirectory = "/srv/50%" });
        Assert.Equal("100%% demo", unit.Get("Unit", "Description"));
        Assert.Equal("/srv/50%%", unit.Get("Service", "WorkingDirectory"));
    }
}
