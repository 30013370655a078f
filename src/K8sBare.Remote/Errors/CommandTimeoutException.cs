namespace K8sBare.Remote.Errors;

/// <summary>A command (or connection attempt) did not finish within its timeout.</summary>
public sealed class CommandTimeoutException : RemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host's name as the connection reports it (<see cref="IHostConnection.Name"/>).</param>
    /// <param name="command">The command text (already redacted when secret).</param>
    /// <param name="timeout">The timeout that elapsed (wall-clock time from start); shown in seconds in the message.</param>
    public CommandTimeoutException(string host, string command, TimeSpan timeout)
        : base(host, $"command on host '{host}' did not finish within {timeout.TotalSeconds:0.###} s and was stopped: {CommandFailedException.Shorten(command, 300)}\nfix: raise CommandOptions.Timeout or check the host.")
    {
        Command = command;
        Timeout = timeout;
    }

    /// <summary>The command text.</summary>
    public string Command { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
