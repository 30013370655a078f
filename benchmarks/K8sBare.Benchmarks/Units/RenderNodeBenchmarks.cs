using BenchmarkDotNet.Attributes;
using K8sBare.Units;
using K8sBare.Units.Components;
using K8sBare.Units.Systemd;

namespace K8sBare.Benchmarks.Units;

/// <summary>
/// Rendering cost of K8sBare.Units: every artifact of a controller+worker node (11 services + configs, 25 files),
/// and parsing a unit file back.
/// </summary>
[MemoryDiagnoser]
public class RenderNodeBenchmarks
{
    private string _apiserverUnit = "";

    /// <summary>The init system rendered for.</summary>
    [Params(InitSystem.Systemd, InitSystem.OpenRc)]
    public InitSystem Init { get; set; }

    /// <summary>Prepares a unit text to parse.</summary>
    [GlobalSetup]
    public void Setup() => _apiserverUnit = UnitsNode.Components[1].Render(InitSystem.Systemd).ServiceFile.Content;

    /// <summary>Validate + render every file of one node.</summary>
    [Benchmark(Description = "render every artifact of a node")]
    public int RenderNode() => UnitsNode.RenderAll(Init).Count;

    /// <summary>Parse the kube-apiserver unit and render it again.</summary>
    [Benchmark(Description = "parse + re-render kube-apiserver.service")]
    public int ParseUnit() => SystemdUnit.Parse(_apiserverUnit).Render().Length;
}
