using K8sBare.Testing;
using K8sBare.Units.Systemd;

namespace K8sBare.Units.Tests.Support;

/// <summary>Rewrites a rendered unit so every Exec* command points at a stub executable (real binaries are not installed).</summary>
public static class Stubs
{
    public static string CreateStub(TempDirectory dir)
    {
        var stub = dir.Combine("stub-exec");
        if (!File.Exists(stub))
        {
            File.WriteAllText(stub, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(stub, RenderedFile.ExecutableMode);
        }
        return stub;
    }

    /// <summary>Parses the unit text, replaces each Exec* executable with <paramref name="stub"/> (keeping prefixes and arguments) and renders it again.</summary>
    public static string PointExecAt(string unitText, string stub)
    {
        var unit = SystemdUnit.Parse(unitText);
        var sections = unit.Sections.Select(s => s with
        {
            Directives = s.Directives.Select(d =>
            {
                if (!d.Key.StartsWith("Exec", StringComparison.Ordinal)) return d;
                var cmd = SystemdQuoting.ParseCommand(d.Value);
                return UnitDirective.Exec(d.Key, stub, cmd.Arguments, cmd.IgnoreFailure);
            }).ToList(),
        }).ToList();
        return new SystemdUnit(sections).Render();
    }
}
