namespace K8sBare.Remote.Shell;

/// <summary>What a shell-based transport provides: run one POSIX command line on the host.</summary>
internal interface IShellExecutor
{
    /// <summary>Runs <paramref name="commandLine"/> (parsed by a POSIX shell on the host) with the given stdin.</summary>
    Task<ProcessOutcome> ExecAsync(string commandLine, Stream? stdin, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>Turns a transport-level failure (e.g. ssh's exit 255) into an exception; null when the outcome is the command's own.</summary>
    Exception? TransportFailure(ProcessOutcome outcome);
}
