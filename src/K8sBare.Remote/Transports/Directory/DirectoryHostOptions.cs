using K8sBare.Remote.Facts;

namespace K8sBare.Remote.Transports;

/// <summary>Settings of a <see cref="DirectoryConnection"/>.</summary>
public sealed record DirectoryHostOptions : HostConnectionOptions
{
    /// <summary>The folder that stands for the host's <c>/</c>. Created when missing.</summary>
    public required string Root { get; init; }

    /// <summary>The host name used in messages, events and the commands log; defaults to the folder's name.</summary>
    public string? Name { get; init; }

    /// <summary>The init system the folder stands for (drives <see cref="Services.ServiceManagers"/>); systemd by default.</summary>
    public InitSystem InitSystem { get; init; } = InitSystem.Systemd;

    /// <summary>Facts reported by <see cref="DirectoryConnection.GatherFactsAsync"/>; null synthesizes minimal facts.</summary>
    public HostFacts? Facts { get; init; }

    /// <summary>
    /// When false (default) the commands log is started afresh by the connection's first recorded command;
    /// when true the connection appends to an existing log.
    /// </summary>
    public bool AppendToLog { get; init; }
}
