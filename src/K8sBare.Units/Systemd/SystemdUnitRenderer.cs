using System.Globalization;
using K8sBare.Units.Services;

namespace K8sBare.Units.Systemd;

/// <summary>Turns a <see cref="ServiceDefinition"/> into a systemd service unit.</summary>
public static class SystemdUnitRenderer
{
    /// <summary>Default directory for generated units.</summary>
    public const string UnitDirectory = "/etc/systemd/system";

    /// <summary>The unit model for <paramref name="service"/>.</summary>
    /// <param name="service">The definition (validated first); dependencies become <c>Requires=</c>/<c>Wants=</c>/<c>After=</c> on <see cref="UnitName"/>s.</param>
    /// <exception cref="UnitsException">The definition is invalid.</exception>
    public static SystemdUnit ToUnit(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        UnitsException.ThrowIfAny(service.Validate());
        var b = new SystemdUnitBuilder().Section("Unit")
            .Add("Description", Text(service.Description));
        foreach (var doc in service.Documentation) b.Add("Documentation", Text(doc));

        var after = new List<string>();
        var wants = new List<string>();
        if (service.NeedsNetwork)
        {
            after.Add("network-online.target");
            wants.Add("network-online.target");
        }
        foreach (var r in service.Requires) Append(after, UnitName(r));
        foreach (var w in service.Wants) { Append(after, UnitName(w)); Append(wants, UnitName(w)); }
        foreach (var a in service.After) Append(after, UnitName(a));
        b.AddList("After", after).AddList("Wants", wants).AddList("Requires", service.Requires.Select(UnitName));

        b.Section("Service").Add("Type", service.Type switch
        {
            ServiceType.Simple => "simple",
            ServiceType.Exec => "exec",
            ServiceType.Notify => "notify",
            ServiceType.Forking => "forking",
            ServiceType.Oneshot => "oneshot",
            _ => throw new ArgumentOutOfRangeException(nameof(service), service.Type, "unknown ServiceType"),
        });
        b.Add("User", Text(service.User)).Add("Group", Text(service.Group)).Add("WorkingDirectory", Text(service.WorkingDirectory));
        foreach (var f in service.EnvironmentFiles) b.Add("EnvironmentFile", Text(f));
        foreach (var (k, v) in service.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)) b.Add(UnitDirective.Environment(k, v));
        if (service.AmbientCapabilities.Count > 0)
        {
            b.AddList("AmbientCapabilities", service.AmbientCapabilities);
            b.AddList("CapabilityBoundingSet", service.AmbientCapabilities);
        }
        foreach (var pre in service.PreStart) b.Add(UnitDirective.Exec("ExecStartPre", pre.Path, pre.Arguments, pre.IgnoreFailure));
        b.Add(UnitDirective.Exec("ExecStart", service.Command.Path, service.Command.Arguments, service.Command.IgnoreFailure));
        if (service.Reload is { } reload) b.Add(UnitDirective.Exec("ExecReload", reload.Path, reload.Arguments, reload.IgnoreFailure));
        if (service.Type != ServiceType.Oneshot)
        {
            b.Add("Restart", service.Restart switch
            {
                RestartPolicy.No => "no",
                RestartPolicy.OnFailure => "on-failure",
                RestartPolicy.Always => "always",
                _ => throw new ArgumentOutOfRangeException(nameof(service), service.Restart, "unknown RestartPolicy"),
            });
            if (service.Restart != RestartPolicy.No) b.Add("RestartSec", service.RestartSeconds.ToString(CultureInfo.InvariantCulture));
        }
        if (service.Delegate) b.Add("Delegate", "yes");
        if (service.KillMode != KillMode.ControlGroup)
            b.Add("KillMode", service.KillMode == KillMode.Process ? "process" : "mixed");
        if (service.OomScoreAdjust is { } oom) b.Add("OOMScoreAdjust", oom.ToString(CultureInfo.InvariantCulture));
        b.Add("LimitNOFILE", Limit(service.Limits.NoFile))
            .Add("LimitNPROC", Limit(service.Limits.NProc))
            .Add("LimitCORE", Limit(service.Limits.Core))
            .Add("LimitMEMLOCK", Limit(service.Limits.MemLock))
            .Add("TasksMax", Limit(service.Limits.TasksMax));

        b.Section("Install").Add("WantedBy", service.WantedBy);
        return b.Build();
    }

    /// <summary>The rendered unit file at <c>/etc/systemd/system/&lt;name&gt;.service</c>.</summary>
    /// <param name="service">The definition (validated first).</param>
    /// <param name="unitDirectory">The absolute unit folder on the host (default <see cref="UnitDirectory"/>); a trailing '/' is ignored.</param>
    /// <returns>The unit with mode 0644 (<see cref="RenderedFile.DefaultMode"/>).</returns>
    /// <exception cref="UnitsException">The definition is invalid.</exception>
    public static RenderedFile Render(ServiceDefinition service, string unitDirectory = UnitDirectory) =>
        new($"{unitDirectory.TrimEnd('/')}/{service.Name}.service", ToUnit(service).Render());

    /// <summary>Maps a dependency name to a unit name: plain names get <c>.service</c>.</summary>
    /// <param name="dependency">A service name (<c>containerd</c>) or a full unit name (<c>network-online.target</c>, kept as is when it has a dot).</param>
    public static string UnitName(string dependency) =>
        dependency.Contains('.', StringComparison.Ordinal) ? dependency : dependency + ".service";

    /// <summary>Free text in a unit file: '%' starts a specifier, so a literal one is doubled.</summary>
    private static string? Text(string? value) => value?.Replace("%", "%%", StringComparison.Ordinal);

    private static string? Limit(long? value) => value switch
    {
        null => null,
        ServiceLimits.Infinity => "infinity",
        { } v => v.ToString(CultureInfo.InvariantCulture),
    };

    private static void Append(List<string> list, string item)
    {
        if (!list.Contains(item, StringComparer.Ordinal)) list.Add(item);
    }
}
