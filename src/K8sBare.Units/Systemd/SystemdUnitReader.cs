using System.Globalization;
using K8sBare.Units.Services;

namespace K8sBare.Units.Systemd;

/// <summary>
/// Reads a parsed service unit back into a <see cref="ServiceDefinition"/> (the inverse of
/// <see cref="SystemdUnitRenderer.ToUnit"/> for the directives it writes), e.g. to compare a unit found on a host
/// with the one K8sBare would render.
/// </summary>
public static class SystemdUnitReader
{
    private const string NetworkTarget = "network-online.target";

    /// <summary>Maps <paramref name="unit"/> to a definition named <paramref name="name"/>.</summary>
    /// <param name="unit">A parsed service unit (see <see cref="SystemdUnit.Parse"/>).</param>
    /// <param name="name">The service name to give the definition (the unit file name without <c>.service</c>).</param>
    /// <exception cref="UnitsException">The unit has no ExecStart or holds a value this model cannot express.</exception>
    public static ServiceDefinition ToDefinition(SystemdUnit unit, string name)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var execStart = unit.Get("Service", "ExecStart")
            ?? throw new UnitsException($"{name}.service [Service] ExecStart", "is missing; a service unit needs a command.");
        var requires = Words(unit, "Unit", "Requires");
        var wants = Words(unit, "Unit", "Wants");
        var after = Words(unit, "Unit", "After");
        var needsNetwork = after.Contains(NetworkTarget, StringComparer.Ordinal);
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in unit.GetAll("Service", "Environment"))
        {
            foreach (var assignment in SystemdQuoting.Split(value.Replace("$", "$$", StringComparison.Ordinal)))
            {
                var eq = assignment.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new UnitsException($"{name}.service [Service] Environment", $"'{assignment}' is not NAME=value.");
                env[assignment[..eq]] = assignment[(eq + 1)..];
            }
        }
        return new ServiceDefinition
        {
            Name = name,
            Description = Text(unit.Get("Unit", "Description")) ?? name,
            Documentation = unit.GetAll("Unit", "Documentation").Select(d => Text(d)!).ToList(),
            Command = SystemdQuoting.ParseCommand(execStart),
            PreStart = unit.GetAll("Service", "ExecStartPre").Select(SystemdQuoting.ParseCommand).ToList(),
            Reload = unit.Get("Service", "ExecReload") is { } reload ? SystemdQuoting.ParseCommand(reload) : null,
            Environment = env,
            EnvironmentFiles = unit.GetAll("Service", "EnvironmentFile").Select(f => Text(f)!).ToList(),
            User = Text(unit.Get("Service", "User")),
            Group = Text(unit.Get("Service", "Group")),
            WorkingDirectory = Text(unit.Get("Service", "WorkingDirectory")),
            Type = unit.Get("Service", "Type") switch
            {
                null or "simple" => ServiceType.Simple,
                "exec" => ServiceType.Exec,
                "notify" => ServiceType.Notify,
                "forking" => ServiceType.Forking,
                "oneshot" => ServiceType.Oneshot,
                var t => throw new UnitsException($"{name}.service [Service] Type", $"'{t}' is not supported; use simple, exec, notify, forking or oneshot."),
            },
            Restart = unit.Get("Service", "Restart") switch
            {
                null or "no" => RestartPolicy.No,
                "on-failure" => RestartPolicy.OnFailure,
                "always" => RestartPolicy.Always,
                var r => throw new UnitsException($"{name}.service [Service] Restart", $"'{r}' is not supported; use no, on-failure or always."),
            },
            RestartSeconds = Int(unit.Get("Service", "RestartSec"), name, "RestartSec") ?? 5,
            KillMode = unit.Get("Service", "KillMode") switch
            {
                null or "control-group" => KillMode.ControlGroup,
                "process" => KillMode.Process,
                "mixed" => KillMode.Mixed,
                var k => throw new UnitsException($"{name}.service [Service] KillMode", $"'{k}' is not supported; use control-group, process or mixed."),
            },
            Delegate = unit.Get("Service", "Delegate") is "yes" or "true" or "1" or "on",
            OomScoreAdjust = Int(unit.Get("Service", "OOMScoreAdjust"), name, "OOMScoreAdjust"),
            AmbientCapabilities = Words(unit, "Service", "AmbientCapabilities"),
            Limits = new ServiceLimits
            {
                NoFile = Limit(unit.Get("Service", "LimitNOFILE"), name, "LimitNOFILE"),
                NProc = Limit(unit.Get("Service", "LimitNPROC"), name, "LimitNPROC"),
                Core = Limit(unit.Get("Service", "LimitCORE"), name, "LimitCORE"),
                MemLock = Limit(unit.Get("Service", "LimitMEMLOCK"), name, "LimitMEMLOCK"),
                TasksMax = Limit(unit.Get("Service", "TasksMax"), name, "TasksMax"),
            },
            Network = needsNetwork ? NetworkDependency.Use : NetworkDependency.None,
            Requires = requires.Select(Dependency).ToList(),
            Wants = wants.Where(w => w != NetworkTarget).Select(Dependency).ToList(),
            After = after.Where(a => a != NetworkTarget && !requires.Contains(a, StringComparer.Ordinal) && !wants.Contains(a, StringComparer.Ordinal))
                .Select(Dependency).ToList(),
            WantedBy = unit.Get("Install", "WantedBy") ?? "multi-user.target",
        };
    }

    private static List<string> Words(SystemdUnit unit, string section, string key) =>
        unit.GetAll(section, key).SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();

    private static string Dependency(string unitName) =>
        unitName.EndsWith(".service", StringComparison.Ordinal) ? unitName[..^".service".Length] : unitName;

    private static string? Text(string? value) => value?.Replace("%%", "%", StringComparison.Ordinal);

    private static int? Int(string? value, string name, string key)
    {
        if (value is null) return null;
        if (int.TryParse(value.TrimEnd('s'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
        throw new UnitsException($"{name}.service [Service] {key}", $"'{value}' is not a whole number.");
    }

    private static long? Limit(string? value, string name, string key)
    {
        if (value is null) return null;
        if (value == "infinity") return ServiceLimits.Infinity;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        throw new UnitsException($"{name}.service [Service] {key}", $"'{value}' is not a number or infinity.");
    }
}
