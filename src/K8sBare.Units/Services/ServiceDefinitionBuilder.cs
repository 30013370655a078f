namespace K8sBare.Units.Services;

/// <summary>
/// Fluent builder for a <see cref="ServiceDefinition"/> (for services that are not one of the typed components,
/// or to compose one step by step). <see cref="Build"/> validates and hands out an immutable definition.
/// </summary>
public sealed class ServiceDefinitionBuilder
{
    private readonly string _name;
    private string _description;
    private ExecCommand? _command;
    private readonly List<ExecCommand> _preStart = [];
    private readonly SortedDictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly List<string> _requires = [];
    private readonly List<string> _wants = [];
    private readonly List<string> _after = [];
    private string? _user;
    private string? _group;
    private string? _workingDirectory;
    private ServiceType _type = ServiceType.Simple;
    private RestartPolicy _restart = RestartPolicy.OnFailure;
    private int _restartSeconds = 5;
    private Services.KillMode _killMode = Services.KillMode.ControlGroup;
    private bool _delegate;
    private NetworkDependency _network = NetworkDependency.Use;
    private ServiceLimits _limits = ServiceLimits.None;

    /// <summary>Starts a definition for service <paramref name="name"/>.</summary>
    /// <param name="name">The service name (unit <c>&lt;name&gt;.service</c>, script <c>/etc/init.d/&lt;name&gt;</c>): letters, digits, '-', '_', '.', '@'; checked by <see cref="Build"/>. Also the default description.</param>
    public ServiceDefinitionBuilder(string name)
    {
        _name = name;
        _description = name;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">One line (systemd <c>Description=</c>, OpenRC <c>description=</c>); checked by <see cref="Build"/>.</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Description(string description) { _description = description; return this; }

    /// <summary>Sets the main command.</summary>
    /// <param name="path">Absolute path of the executable.</param>
    /// <param name="arguments">Arguments, one element per argv entry (never shell text).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Exec(string path, params string[] arguments) { _command = new ExecCommand(path, arguments); return this; }

    /// <summary>Adds a pre-start command.</summary>
    /// <param name="command">A command run before the main one (systemd <c>ExecStartPre=</c>, OpenRC <c>start_pre</c>), in the order added.</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder PreStart(ExecCommand command) { _preStart.Add(command); return this; }

    /// <summary>Sets an environment variable.</summary>
    /// <param name="name">The variable name, <c>[A-Za-z_][A-Za-z0-9_]*</c> (checked by <see cref="Build"/>); setting it again replaces the value.</param>
    /// <param name="value">The value, one line (no newline).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Env(string name, string value) { _environment[name] = value; return this; }

    /// <summary>Runs as <paramref name="user"/> (and optionally <paramref name="group"/>).</summary>
    /// <param name="user">The Unix user name (systemd <c>User=</c>, OpenRC <c>command_user</c>); it must exist on the host.</param>
    /// <param name="group">The Unix group, or null for the user's primary group.</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder RunAs(string user, string? group = null) { _user = user; _group = group; return this; }

    /// <summary>Sets the working directory.</summary>
    /// <param name="path">An absolute host path (checked by <see cref="Build"/>).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder WorkingDirectory(string path) { _workingDirectory = path; return this; }

    /// <summary>Sets the readiness type.</summary>
    /// <param name="type">How the init system knows the service is up (systemd <c>Type=</c>).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Type(ServiceType type) { _type = type; return this; }

    /// <summary>Sets the restart policy and delay.</summary>
    /// <param name="policy">When to restart.</param>
    /// <param name="seconds">Delay before a restart, in seconds (systemd <c>RestartSec=</c>, OpenRC <c>respawn_delay</c>); 0 or more (checked by <see cref="Build"/>).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Restart(RestartPolicy policy, int seconds = 5) { _restart = policy; _restartSeconds = seconds; return this; }

    /// <summary>Sets the kill mode.</summary>
    /// <param name="mode">Which processes systemd kills on stop (<c>KillMode=</c>).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder KillMode(Services.KillMode mode) { _killMode = mode; return this; }

    /// <summary>Delegates the cgroup subtree.</summary>
    /// <param name="value">True for systemd <c>Delegate=yes</c> (container runtimes manage their own cgroups).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Delegate(bool value = true) { _delegate = value; return this; }

    /// <summary>Whether the service waits for the network: true selects <see cref="NetworkDependency.Use"/> (keeps a
    /// <see cref="NetworkDependency.Need"/> set before), false <see cref="NetworkDependency.None"/>.</summary>
    /// <param name="value">True to wait for the network, false for no network dependency.</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder NeedsNetwork(bool value = true)
    {
        _network = !value ? NetworkDependency.None : _network == NetworkDependency.None ? NetworkDependency.Use : _network;
        return this;
    }

    /// <summary>Sets how the service depends on the network (default <see cref="NetworkDependency.Use"/>).</summary>
    /// <param name="dependency">None, soft (<c>use net</c>) or hard (<c>need net</c>) under OpenRC; systemd renders both of the latter as <c>After=</c>/<c>Wants=network-online.target</c>.</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Network(NetworkDependency dependency) { _network = dependency; return this; }

    /// <summary>Sets resource limits.</summary>
    /// <param name="limits">Open files, processes, core size, locked memory, tasks; null fields keep the init system's default.</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Limits(ServiceLimits limits) { _limits = limits; return this; }

    /// <summary>Adds hard dependencies.</summary>
    /// <param name="services">Service names that must run (systemd <c>Requires=</c>+<c>After=</c>, OpenRC <c>need</c>).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Requires(params string[] services) { _requires.AddRange(services); return this; }

    /// <summary>Adds soft dependencies.</summary>
    /// <param name="services">Service names started with this one if present (systemd <c>Wants=</c>+<c>After=</c>, OpenRC <c>use</c>).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder Wants(params string[] services) { _wants.AddRange(services); return this; }

    /// <summary>Adds ordering-only dependencies.</summary>
    /// <param name="services">Service names this one starts after (systemd <c>After=</c>, OpenRC <c>after</c>).</param>
    /// <returns>This builder.</returns>
    public ServiceDefinitionBuilder After(params string[] services) { _after.AddRange(services); return this; }

    /// <summary>Builds and validates the definition.</summary>
    /// <exception cref="UnitsException">No command was set, or the definition is invalid.</exception>
    public ServiceDefinition Build()
    {
        if (_command is null) throw new UnitsException("ServiceDefinition.Command", $"service '{_name}' has no command; call Exec(path, args) before Build().");
        var definition = new ServiceDefinition
        {
            Name = _name,
            Description = _description,
            Command = _command,
            PreStart = _preStart.ToList(),
            Environment = new SortedDictionary<string, string>(_environment, StringComparer.Ordinal),
            User = _user,
            Group = _group,
            WorkingDirectory = _workingDirectory,
            Type = _type,
            Restart = _restart,
            RestartSeconds = _restartSeconds,
            KillMode = _killMode,
            Delegate = _delegate,
            Network = _network,
            Limits = _limits,
            Requires = _requires.ToList(),
            Wants = _wants.ToList(),
            After = _after.ToList(),
        };
        UnitsException.ThrowIfAny(definition.Validate());
        return definition;
    }
}
