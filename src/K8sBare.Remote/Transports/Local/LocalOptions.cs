using K8sBare.Remote.Commands;

namespace K8sBare.Remote.Transports;

/// <summary>Settings of a <see cref="LocalConnection"/>.</summary>
public sealed record LocalOptions : HostConnectionOptions
{
    /// <summary>The name used in messages and events; defaults to <c>localhost</c>.</summary>
    public string Name { get; init; } = "localhost";

    /// <summary>When to wrap commands in <c>sudo -n</c>; by default only when the process is not root.</summary>
    public BecomeMode Become { get; init; } = BecomeMode.Auto;

    /// <summary>Default timeout of each command; null means none.</summary>
    public TimeSpan? CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
