namespace K8sBare.Units.Services;

/// <summary>Resource limits of a service. Null leaves the init system's default; <see cref="Infinity"/> lifts the limit.</summary>
public sealed record ServiceLimits
{
    /// <summary>The value that means "no limit" (<c>infinity</c> in systemd, <c>unlimited</c> in ulimit).</summary>
    public const long Infinity = -1;

    /// <summary>Open files (<c>LimitNOFILE</c>, <c>ulimit -n</c>).</summary>
    public long? NoFile { get; init; }

    /// <summary>Processes (<c>LimitNPROC</c>, <c>ulimit -u</c>).</summary>
    public long? NProc { get; init; }

    /// <summary>Core dump size (<c>LimitCORE</c>, <c>ulimit -c</c>).</summary>
    public long? Core { get; init; }

    /// <summary>Locked memory in bytes (<c>LimitMEMLOCK</c>, <c>ulimit -l</c> in KiB).</summary>
    public long? MemLock { get; init; }

    /// <summary>Tasks in the control group (<c>TasksMax</c>; systemd only).</summary>
    public long? TasksMax { get; init; }

    /// <summary>No limits set.</summary>
    public static ServiceLimits None { get; } = new();
}
