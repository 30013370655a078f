using System.Globalization;
using System.Text;
using K8sBare.Units.Services;

namespace K8sBare.Units.OpenRc;

/// <summary>Turns a <see cref="ServiceDefinition"/> into an OpenRC script and renders scripts to text.</summary>
public static class OpenRcScriptRenderer
{
    /// <summary>Default directory for init scripts.</summary>
    public const string ScriptDirectory = "/etc/init.d";

    /// <summary>
    /// The one shellcheck exclusion every script carries: openrc-run reads <c>command</c>, <c>command_args</c>,
    /// <c>pidfile</c> … after sourcing the script, so shellcheck sees them as unused (SC2034).
    /// </summary>
    public const string ShellcheckDirective = "# shellcheck shell=sh disable=SC2034";

    /// <summary>Maps a service definition to the script model.</summary>
    /// <param name="service">The definition; restart policies other than <see cref="RestartPolicy.No"/> use OpenRC's <c>supervise-daemon</c>, limits become <c>ulimit</c> calls (locked memory converted from bytes to KiB).</param>
    /// <exception cref="ArgumentNullException"><paramref name="service"/> is null.</exception>
    /// <exception cref="UnitsException">The definition is invalid.</exception>
    public static OpenRcScript ToScript(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        UnitsException.ThrowIfAny(service.Validate());
        var need = new List<string>();
        if (service.Network == NetworkDependency.Need) need.Add("net");
        foreach (var r in service.Requires) AddDep(need, r);
        var use = new List<string>();
        if (service.Network == NetworkDependency.Use) use.Add("net");
        foreach (var w in service.Wants) AddDep(use, w);
        var after = new List<string>();
        foreach (var a in service.After) AddDep(after, a);

        var ulimit = new List<string>();
        AddUlimit(ulimit, "-n", service.Limits.NoFile);
        AddUlimit(ulimit, "-u", service.Limits.NProc);
        AddUlimit(ulimit, "-c", service.Limits.Core);
        AddUlimit(ulimit, "-l", service.Limits.MemLock is { } m and > 0 ? Math.Max(1, m / 1024) : service.Limits.MemLock);

        var user = service.User is null ? null : service.Group is null ? service.User : $"{service.User}:{service.Group}";
        return new OpenRcScript
        {
            Name = service.Name,
            Description = service.Description,
            Command = service.Command.Path,
            CommandArgs = service.Command.Arguments,
            CommandUser = user,
            Directory = service.WorkingDirectory,
            Supervised = service.Restart != RestartPolicy.No,
            RespawnDelay = service.RestartSeconds,
            // supervise-daemon writes its own pid there, so keep it apart from any pid file the daemon writes itself.
            PidFile = service.Restart != RestartPolicy.No ? $"/run/supervise-{service.Name}.pid" : $"/run/{service.Name}.pid",
            OutputLog = service.EffectiveOutputLog,
            ErrorLog = service.EffectiveErrorLog,
            Ulimit = ulimit.Count == 0 ? null : string.Join(' ', ulimit),
            Capabilities = service.AmbientCapabilities.Count == 0 ? null
                : string.Join(',', service.AmbientCapabilities.Select(c => "^" + c.ToLowerInvariant())),
            Exports = new SortedDictionary<string, string>(service.Environment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            Need = need,
            Use = use,
            After = after,
            StartPre = service.PreStart,
            CheckPaths = service.WorkingDirectory is { } wd && service.User is not null ? [wd] : [],
        };
    }

    /// <summary>The rendered script at <c>/etc/init.d/&lt;name&gt;</c>, mode 0755.</summary>
    /// <param name="service">The definition (validated first).</param>
    /// <param name="scriptDirectory">The absolute folder of the script on the host (default <see cref="ScriptDirectory"/>); a trailing '/' is ignored.</param>
    /// <exception cref="UnitsException">The definition is invalid.</exception>
    public static RenderedFile Render(ServiceDefinition service, string scriptDirectory = ScriptDirectory) =>
        new($"{scriptDirectory.TrimEnd('/')}/{service.Name}", ToScript(service).Render(), RenderedFile.ExecutableMode);

    internal static string RenderText(OpenRcScript s)
    {
        var sb = new StringBuilder();
        sb.Append("#!/sbin/openrc-run\n").Append(ShellcheckDirective).Append("\n\n");
        Assign(sb, "name", s.Name);
        Assign(sb, "description", s.Description);
        Assign(sb, "command", s.Command);
        if (s.CommandArgs.Count > 0)
        {
            // openrc-run evals command_args, so each word is sh-quoted, then the whole list is double-quoted.
            // One option per line: a word starting with '-' plus the values that follow it.
            var lines = new List<string>();
            foreach (var a in s.CommandArgs)
            {
                var word = ShellQuoting.InsideDoubleQuotes(ShellQuoting.Word(a));
                if (lines.Count == 0 || a.StartsWith('-')) lines.Add(word);
                else lines[^1] += " " + word;
            }
            sb.Append("command_args=\"").Append(string.Join(" \\\n\t", lines)).Append("\"\n");
        }
        if (s.CommandUser is not null) Assign(sb, "command_user", s.CommandUser);
        if (s.Directory is not null) Assign(sb, "directory", s.Directory);
        if (s.Supervised)
        {
            Assign(sb, "supervisor", "supervise-daemon");
            Assign(sb, "respawn_delay", s.RespawnDelay.ToString(CultureInfo.InvariantCulture));
            Assign(sb, "respawn_max", s.RespawnMax.ToString(CultureInfo.InvariantCulture));
            if (s.RespawnPeriod is { } rp) Assign(sb, "respawn_period", rp.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            Assign(sb, "command_background", "true");
        }
        Assign(sb, "pidfile", s.PidFile);
        if (s.OutputLog is not null) Assign(sb, "output_log", s.OutputLog);
        if (s.ErrorLog is not null) Assign(sb, "error_log", s.ErrorLog);
        if (s.Capabilities is not null) Assign(sb, "capabilities", s.Capabilities);
        if (s.Exports.Count > 0)
        {
            sb.Append('\n');
            foreach (var (k, v) in s.Exports.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!ServiceDefinition.IsEnvName(k)) throw new UnitsException($"OpenRcScript.Exports[{k}]", "is not a valid variable name.");
                sb.Append("export ").Append(k).Append('=').Append(ShellQuoting.DoubleQuoted(v)).Append('\n');
            }
        }
        sb.Append("\ndepend() {\n");
        if (s.Need.Count > 0) sb.Append("\tneed ").Append(string.Join(' ', s.Need)).Append('\n');
        if (s.Use.Count > 0) sb.Append("\tuse ").Append(string.Join(' ', s.Use)).Append('\n');
        if (s.After.Count > 0) sb.Append("\tafter ").Append(string.Join(' ', s.After)).Append('\n');
        if (s.Need.Count + s.Use.Count + s.After.Count == 0) sb.Append("\t:\n");
        sb.Append("}\n");
        var limits = UlimitPairs(s);
        if (s.StartPre.Count > 0 || s.CheckPaths.Count > 0 || limits.Count > 0)
        {
            sb.Append('\n');
            // ulimit -n/-c/-l/-u are not POSIX sh (SC3045), but every /bin/sh OpenRC runs under has them.
            if (limits.Count > 0) sb.Append("# shellcheck disable=SC3045\n");
            sb.Append("start_pre() {\n");
            AppendLimits(sb, s.Name, limits);
            foreach (var dir in s.CheckPaths)
            {
                sb.Append("\tcheckpath --directory");
                if (s.CommandUser is not null) sb.Append(" --owner ").Append(ShellQuoting.Word(s.CommandUser));
                sb.Append(' ').Append(ShellQuoting.Word(dir)).Append('\n');
            }
            foreach (var pre in s.StartPre)
            {
                sb.Append('\t').Append(string.Join(' ', new[] { pre.Path }.Concat(pre.Arguments).Select(ShellQuoting.Word)));
                sb.Append(pre.IgnoreFailure ? " || true\n" : "\n");
            }
            sb.Append("}\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The limits as one <c>ulimit</c> per limit in start_pre (same shell as start, so supervise-daemon and the daemon
    /// inherit them) rather than <c>rc_ulimit</c>: openrc-run runs <c>ulimit $rc_ulimit</c> once, which Debian's dash
    /// rejects for more than one limit ("too many arguments"; dash names nproc -p, not -u), and when that one call fails
    /// OpenRC applies none. Here a limit above the hard limit falls back to the hard limit with a warning (like
    /// systemd, which clamps), and the process limit tries -u (bash, busybox) then -p (dash).
    /// </summary>
    private static void AppendLimits(StringBuilder sb, string name, IReadOnlyList<(string Flag, string Value)> limits)
    {
        foreach (var (flag, value) in limits)
        {
            if (flag == "-u")
                sb.Append("\t{ ulimit -u ").Append(value).Append(" || ulimit -p ").Append(value).Append("; } 2>/dev/null || ewarn ")
                    .Append(ShellQuoting.DoubleQuoted($"{name}: cannot set the process limit to {value}")).Append('\n');
            else
                sb.Append("\tulimit ").Append(flag).Append(' ').Append(value).Append(" 2>/dev/null || { ewarn ")
                    .Append(ShellQuoting.DoubleQuoted($"{name}: ulimit {flag} {value} is not permitted here; using the hard limit"))
                    .Append("; ulimit ").Append(flag).Append(" \"$(ulimit -H ").Append(flag).Append(")\"; }\n");
        }
    }

    private static List<(string Flag, string Value)> UlimitPairs(OpenRcScript s)
    {
        var pairs = new List<(string, string)>();
        if (s.Ulimit is null) return pairs;
        var words = s.Ulimit.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var flag = words[i];
            if (flag is not ("-n" or "-c" or "-l" or "-u") || i + 1 >= words.Length
                || !(words[i + 1] == "unlimited" || words[i + 1].All(char.IsAsciiDigit)))
                throw new UnitsException($"OpenRcScript.Ulimit ({s.Name})", $"'{s.Ulimit}' must be pairs of -n/-c/-l/-u and a number or 'unlimited', e.g. '-n 65536 -u unlimited'.");
            pairs.Add((flag, words[++i]));
        }
        return pairs;
    }

    private static void Assign(StringBuilder sb, string name, string value) =>
        sb.Append(name).Append('=').Append(ShellQuoting.DoubleQuoted(value)).Append('\n');

    private static void AddDep(List<string> list, string dependency)
    {
        var name = dependency;
        if (name.EndsWith(".service", StringComparison.Ordinal)) name = name[..^".service".Length];
        else if (name.EndsWith(".target", StringComparison.Ordinal) || name.EndsWith(".socket", StringComparison.Ordinal)) return;
        if (!list.Contains(name, StringComparer.Ordinal)) list.Add(name);
    }

    private static void AddUlimit(List<string> list, string flag, long? value)
    {
        if (value is null) return;
        list.Add(flag);
        list.Add(value == ServiceLimits.Infinity ? "unlimited" : value.Value.ToString(CultureInfo.InvariantCulture));
    }
}
