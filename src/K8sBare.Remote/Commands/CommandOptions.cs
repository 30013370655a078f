namespace K8sBare.Remote.Commands;

/// <summary>How a command runs: timeout, stdin, privilege, and whether it is secret or read-only.</summary>
public sealed record CommandOptions
{
    /// <summary>The default options.</summary>
    public static CommandOptions Default { get; } = new();

    /// <summary>Maximum run time; null means the connection's default command timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>When true a non-zero exit code is returned in the result instead of raising an exception.</summary>
    public bool AllowNonZeroExit { get; init; }

    /// <summary>Bytes fed to the command's standard input; null gives it an empty stdin.</summary>
    public ReadOnlyMemory<byte>? StandardInput { get; init; }

    /// <summary>Overrides the connection's become (sudo) setting for this command; null keeps it.</summary>
    public bool? Become { get; init; }

    /// <summary>
    /// The command line contains a secret: it is never logged and exception messages show
    /// <c>&lt;redacted&gt;</c> instead of it.
    /// </summary>
    public bool Sensitive { get; init; }

    /// <summary>
    /// The command only reads host state. The Directory transport does not record read-only commands
    /// in its commands log, and the SSH transports ask a read-only command once more on a new connection when the
    /// connection drops while it runs (a command that changes something is never repeated).
    /// </summary>
    public bool ReadOnly { get; init; }
}
