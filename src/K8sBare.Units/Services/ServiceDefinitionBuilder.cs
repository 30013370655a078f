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
    public ServiceDefinitionBuilder(string name)
    {
        _name = name;
        _description = name;
    }

    /// <summary>Sets the description.</summary>
    public ServiceDefinitionBuilder Description(string description) { _description = description; return this; }

    /// <summary>Sets the main command.</summary>
    public ServiceDefinitionBuilder Exec(string path, params string[] arguments) { _command = new ExecCommand(path, arguments); return this; }

    /// <summary>Adds a pre-start command.</summary>
    public ServiceDefinitionBuilder PreStart(ExecCommand command) { _preStart.Add(command); return this; }

    /// <summary>Sets an environment variable.</summary>
    public ServiceDefinitionBuilder Env(string name, string value) { _environment[name] = value; return this; }

    /// <summary>Runs as <paramref name="user"/> (and optionally <paramref name="group"/>).</summary>
    public ServiceDefinitionBuilder RunAs(string user, string? group = null) { _user = user; _group = group; return this; }

    /// <summary>Sets the working directory.</summary>
    public ServiceDefinitionBuilder WorkingDirectory(string path) { _workingDirectory = path; return this; }

    /// <summary>Sets the readiness type.</summary>
    public ServiceDefinitionBuilder Type(ServiceType type) { _type = type; return this; }

    /// <summary>Sets the restart policy and delay.</summary>
    public ServiceDefinitionBuilder Restart(RestartPolicy policy, int seconds = 5) { _restart = policy; _restartSeconds = seconds; return this; }

    /// <summary>Sets the kill mode.</summary>
    public ServiceDefinitionBuilder KillMode(Services.KillMode mode) { _killMode = mode; return this; }

    /// <summary>Delegates the cgroup subtree.</summary>
    public ServiceDefinitionBuilder Delegate(bool value = true) { _delegate = value; return this; }

    /// <summary>Whether the service waits for the network: true selects <see cref="NetworkDependency.Use"/> (keeps a
    /// <see cref="NetworkDependency.Need"/> set before), false <see cref="NetworkDependency.None"/>.</summary>
    public ServiceDefinitionBuilder NeedsNetwork(bool value = true)
    {
        _network = !value ? NetworkDependency.None : _network == NetworkDependency.None ? NetworkDependency.Use : _network;
        return this;
    }

    /// <summary>Sets how the service depends on the network (default <see cref="NetworkDependency.Use"/>).</summary>
    public ServiceDefinitionBuilder Network(NetworkDependency dependency) { _network = dependency; return this; }

    /// <summary>Sets resource limits.</summary>
    public ServiceDefinitionBuilder Limits(ServiceLimits limits) { _limits = limits; return this; }

    /// <summary>Adds hard dependencies.</summary>
    public ServiceDefinitionBuilder Requires(params string[] services) { _requires.AddRange(services); return this; }

    /// <summary>Adds soft dependencies.</summary>
    public ServiceDefinitionBuilder Wants(params string[] services) { _wants.AddRange(services); return this; }

    /// <summary>Adds ordering-only dependencies.</summary>
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
