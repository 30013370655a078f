namespace K8sBare.Units.Services;

/// <summary>
/// An init-agnostic description of one long-running service. Render it with
/// <see cref="Systemd.SystemdUnitRenderer"/> or <see cref="OpenRc.OpenRcScriptRenderer"/>, or with
/// <see cref="Components.ServiceRendering.Render(ServiceDefinition, InitSystem)"/>.
/// </summary>
public sealed record ServiceDefinition
{
    /// <summary>The service name without suffix, e.g. <c>kube-apiserver</c> (file <c>kube-apiserver.service</c> / <c>/etc/init.d/kube-apiserver</c>).</summary>
    public required string Name { get; init; }

    /// <summary>One-line human description.</summary>
    public required string Description { get; init; }

    /// <summary>Documentation URLs (systemd <c>Documentation=</c>).</summary>
    public IReadOnlyList<string> Documentation { get; init; } = [];

    /// <summary>The main command (absolute path and arguments).</summary>
    public required ExecCommand Command { get; init; }

    /// <summary>Commands run before the main one (systemd <c>ExecStartPre=</c>, OpenRC <c>start_pre()</c>).</summary>
    public IReadOnlyList<ExecCommand> PreStart { get; init; } = [];

    /// <summary>Commands that reload the service (systemd <c>ExecReload=</c>); OpenRC ignores it.</summary>
    public ExecCommand? Reload { get; init; }

    /// <summary>Environment variables, rendered in key order.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Environment files (systemd <c>EnvironmentFile=</c>; prefix with <c>-</c> to make it optional).</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; init; } = [];

    /// <summary>Run as this user (null: root).</summary>
    public string? User { get; init; }

    /// <summary>Run with this group (null: the user's primary group).</summary>
    public string? Group { get; init; }

    /// <summary>Working directory (null: <c>/</c>).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How readiness is reported.</summary>
    public ServiceType Type { get; init; } = ServiceType.Simple;

    /// <summary>Restart behaviour.</summary>
    public RestartPolicy Restart { get; init; } = RestartPolicy.OnFailure;

    /// <summary>Delay before a restart, in seconds.</summary>
    public int RestartSeconds { get; init; } = 5;

    /// <summary>Which processes are killed on stop.</summary>
    public KillMode KillMode { get; init; } = KillMode.ControlGroup;

    /// <summary>Delegate the cgroup subtree to the service (containerd: <c>Delegate=yes</c>).</summary>
    public bool Delegate { get; init; }

    /// <summary>OOM score adjustment (-1000..1000; containerd uses -999).</summary>
    public int? OomScoreAdjust { get; init; }

    /// <summary>Resource limits.</summary>
    public ServiceLimits Limits { get; init; } = ServiceLimits.None;

    /// <summary>Ambient capabilities for a non-root user, e.g. <c>CAP_NET_BIND_SERVICE</c> (systemd only; OpenRC uses <c>capabilities=</c>).</summary>
    public IReadOnlyList<string> AmbientCapabilities { get; init; } = [];

    /// <summary>
    /// How the service depends on the network: default <see cref="NetworkDependency.Use"/> (systemd
    /// <c>After=</c>/<c>Wants=network-online.target</c>, OpenRC <c>use net</c>).
    /// </summary>
    public NetworkDependency Network { get; init; } = NetworkDependency.Use;

    /// <summary>
    /// Whether the service waits for the network: true when <see cref="Network"/> is not
    /// <see cref="NetworkDependency.None"/>. Setting true keeps a <see cref="NetworkDependency.Need"/> and otherwise
    /// selects <see cref="NetworkDependency.Use"/>; false selects <see cref="NetworkDependency.None"/>.
    /// </summary>
    public bool NeedsNetwork
    {
        get => Network != NetworkDependency.None;
        init => Network = !value ? NetworkDependency.None : Network == NetworkDependency.None ? NetworkDependency.Use : Network;
    }

    /// <summary>Hard dependencies: services that must run (systemd <c>Requires=</c>+<c>After=</c>, OpenRC <c>need</c>).</summary>
    public IReadOnlyList<string> Requires { get; init; } = [];

    /// <summary>Soft dependencies started with this one if present (systemd <c>Wants=</c>+<c>After=</c>, OpenRC <c>use</c>).</summary>
    public IReadOnlyList<string> Wants { get; init; } = [];

    /// <summary>Ordering only (systemd <c>After=</c>, OpenRC <c>after</c>).</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>Target that pulls the service in at boot (systemd <c>WantedBy=</c>; OpenRC: the default runlevel).</summary>
    public string WantedBy { get; init; } = "multi-user.target";

    /// <summary>Log file for stdout under OpenRC (systemd uses the journal). Null: <c>/var/log/&lt;name&gt;.log</c>.</summary>
    public string? OutputLog { get; init; }

    /// <summary>Log file for stderr under OpenRC. Null: same as <see cref="OutputLog"/>.</summary>
    public string? ErrorLog { get; init; }

    /// <summary>The OpenRC output log path actually used.</summary>
    public string EffectiveOutputLog => OutputLog ?? $"/var/log/{Name}.log";

    /// <summary>The OpenRC error log path actually used.</summary>
    public string EffectiveErrorLog => ErrorLog ?? EffectiveOutputLog;

    /// <summary>Checks names, paths and numbers; returns every problem.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new Validation.ProblemList("ServiceDefinition");
        if (string.IsNullOrWhiteSpace(Name) || !IsServiceName(Name))
            v.Add(nameof(Name), $"'{Name}' is not a valid service name; use letters, digits, '-', '_', '.' and '@' only, not starting with '.' (the name becomes a file name under /etc/systemd/system or /etc/init.d, and '..' would leave it).");
        if (string.IsNullOrWhiteSpace(Description) || Description.Contains('\n', StringComparison.Ordinal))
            v.Add(nameof(Description), "must be one non-empty line.");
        v.AbsolutePath(nameof(Command) + ".Path", Command.Path);
        for (var i = 0; i < PreStart.Count; i++) v.AbsolutePath($"{nameof(PreStart)}[{i}].Path", PreStart[i].Path);
        foreach (var (k, val) in Environment)
        {
            if (!IsEnvName(k)) v.Add($"{nameof(Environment)}[{k}]", "is not a valid environment variable name; use [A-Za-z_][A-Za-z0-9_]*.");
            if (val.Contains('\n', StringComparison.Ordinal)) v.Add($"{nameof(Environment)}[{k}]", "must not contain a newline.");
        }
        if (WorkingDirectory is not null) v.AbsolutePath(nameof(WorkingDirectory), WorkingDirectory);
        if (RestartSeconds < 0) v.Add(nameof(RestartSeconds), "must be 0 or more.");
        if (OomScoreAdjust is < -1000 or > 1000) v.Add(nameof(OomScoreAdjust), "must be between -1000 and 1000.");
        foreach (var dep in Requires.Concat(Wants).Concat(After))
            if (!IsServiceName(dep)) v.Add("Dependencies", $"'{dep}' is not a valid unit/service name.");
        return v.Problems;
    }

    internal static bool IsServiceName(string s) =>
        s.Length > 0 && s[0] != '.' && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or ':');

    internal static bool IsEnvName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
