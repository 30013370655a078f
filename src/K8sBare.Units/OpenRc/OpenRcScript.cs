namespace K8sBare.Units.OpenRc;

/// <summary>
/// An <c>openrc-run</c> service script. Rendered by <see cref="Render"/> as a POSIX sh file that starts with
/// <c>#!/sbin/openrc-run</c>; build one from a <see cref="Services.ServiceDefinition"/> with
/// <see cref="OpenRcScriptRenderer.ToScript"/>.
/// </summary>
public sealed record OpenRcScript
{
    /// <summary>The service name (the file name under <c>/etc/init.d</c>).</summary>
    public required string Name { get; init; }

    /// <summary><c>description=</c>.</summary>
    public required string Description { get; init; }

    /// <summary><c>command=</c>: absolute path of the daemon.</summary>
    public required string Command { get; init; }

    /// <summary><c>command_args=</c>, one element per argv entry (quoted for openrc-run's <c>eval</c>).</summary>
    public IReadOnlyList<string> CommandArgs { get; init; } = [];

    /// <summary><c>command_user=</c> as <c>user</c> or <c>user:group</c>.</summary>
    public string? CommandUser { get; init; }

    /// <summary><c>directory=</c>: working directory.</summary>
    public string? Directory { get; init; }

    /// <summary>True: <c>supervisor="supervise-daemon"</c> with respawn; false: <c>command_background=true</c> with a pidfile.</summary>
    public bool Supervised { get; init; } = true;

    /// <summary><c>respawn_delay=</c> in seconds (supervised only).</summary>
    public int RespawnDelay { get; init; } = 5;

    /// <summary><c>respawn_max=</c> (0 = unlimited; supervised only).</summary>
    public int RespawnMax { get; init; }

    /// <summary><c>respawn_period=</c> in seconds (null: not set).</summary>
    public int? RespawnPeriod { get; init; }

    /// <summary><c>pidfile=</c>.</summary>
    public required string PidFile { get; init; }

    /// <summary><c>output_log=</c>.</summary>
    public string? OutputLog { get; init; }

    /// <summary><c>error_log=</c>.</summary>
    public string? ErrorLog { get; init; }

    /// <summary>
    /// Resource limits as <c>ulimit</c> flag/value pairs, e.g. <c>-n 1048576 -u unlimited</c> (-n, -c, -l, -u). Rendered
    /// as one <c>ulimit</c> per limit in <c>start_pre()</c> (not <c>rc_ulimit</c>, which dash cannot run with several).
    /// </summary>
    public string? Ulimit { get; init; }

    /// <summary><c>capabilities=</c> (OpenRC 0.45+), e.g. <c>^cap_net_bind_service</c>.</summary>
    public string? Capabilities { get; init; }

    /// <summary>Variables exported to the daemon, rendered in key order.</summary>
    public IReadOnlyDictionary<string, string> Exports { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>depend()</c>: <c>need</c> entries.</summary>
    public IReadOnlyList<string> Need { get; init; } = [];

    /// <summary><c>depend()</c>: <c>use</c> entries.</summary>
    public IReadOnlyList<string> Use { get; init; } = [];

    /// <summary><c>depend()</c>: <c>after</c> entries.</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>Commands for <c>start_pre()</c>; <see cref="Services.ExecCommand.IgnoreFailure"/> appends <c>|| true</c>.</summary>
    public IReadOnlyList<Services.ExecCommand> StartPre { get; init; } = [];

    /// <summary>Directories created by <c>start_pre()</c> with <c>checkpath -d</c> (owner = <see cref="CommandUser"/>).</summary>
    public IReadOnlyList<string> CheckPaths { get; init; } = [];

    /// <summary>Renders the script text.</summary>
    public string Render() => OpenRcScriptRenderer.RenderText(this);
}
