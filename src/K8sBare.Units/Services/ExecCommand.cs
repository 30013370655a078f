namespace K8sBare.Units.Services;

/// <summary>A command the init system runs: an absolute executable path and its arguments (never shell text).</summary>
/// <param name="Path">Absolute path of the executable.</param>
/// <param name="Arguments">Arguments, one element per argv entry.</param>
public sealed record ExecCommand(string Path, IReadOnlyList<string> Arguments)
{
    /// <summary>Creates a command with arguments.</summary>
    /// <param name="path">Absolute path of the executable, e.g. <c>/usr/local/bin/etcd</c> (checked by <see cref="ServiceDefinition.Validate"/>).</param>
    /// <param name="arguments">Arguments, one element per argv entry (quoted for the init system when rendered, never parsed by a shell).</param>
    public ExecCommand(string path, params string[] arguments) : this(path, (IReadOnlyList<string>)arguments)
    {
    }

    /// <summary>When true a non-zero exit is ignored (systemd's <c>-</c> prefix; <c>|| true</c> in OpenRC).</summary>
    public bool IgnoreFailure { get; init; }
}
