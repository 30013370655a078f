using K8sBare.Units.Components;
using K8sBare.Units.Services;
using K8sBare.Units.Systemd;
using K8sBare.Units.Tests.Support;

namespace K8sBare.Units.Tests.Systemd;

public sealed class SystemdUnitReaderTests
{
    [Theory]
    [MemberData(nameof(SampleCluster.ComponentNames), MemberType = typeof(SampleCluster))]
    public void Unit_reads_back_into_a_definition_that_renders_identically(string component)
    {
        var def = SampleCluster.Get(component).ToService();
        var text = SystemdUnitRenderer.ToUnit(def).Render();
        var back = SystemdUnitReader.ToDefinition(SystemdUnit.Parse(text), component);
        Assert.Equal(text, SystemdUnitRenderer.ToUnit(back).Render());
        Assert.Equal(def.Command.Arguments, back.Command.Arguments);
        Assert.Equal(def.Requires, back.Requires);
        Assert.Equal(def.Type, back.Type);
        Assert.Equal(def.Limits, back.Limits);
        // The OpenRC script of the read-back definition is the same too: one description, two init systems.
        Assert.Equal(def.Render(InitSystem.OpenRc).Content, back.Render(InitSystem.OpenRc).Content);
    }

    [Fact]
    public void Tricky_quoting_and_environment_survive_the_round_trip()
    {
        var def = TrickyService.Create("/usr/local/bin/demo");
        var back = SystemdUnitReader.ToDefinition(SystemdUnit.Parse(def.Render(InitSystem.Systemd).Content), def.Name);
        Assert.Equal(def.Command.Arguments, back.Command.Arguments);
        Assert.Equal(def.Environment, back.Environment);
        Assert.Equal(def.Description, back.Description);
        Assert.True(back.PreStart[0].IgnoreFailure);
    }

    [Fact]
    public void A_unit_without_ExecStart_or_with_unknown_values_is_refused()
    {
        Assert.Throws<UnitsException>(() => SystemdUnitReader.ToDefinition(SystemdUnit.Parse("[Unit]\nDescription=x\n"), "x"));
        var ex = Assert.Throws<UnitsException>(() => SystemdUnitReader.ToDefinition(
            SystemdUnit.Parse("[Service]\nExecStart=/bin/true\nRestart=on-abnormal\n"), "x"));
        Assert.Contains("Restart", ex.Message, StringComparison.Ordinal);
    }
}
