using K8sBare.Remote.Errors;

namespace K8sBare.Remote.Commands;

/// <summary>The outcome of a command: exit code, both output streams and the wall-clock duration.</summary>
/// <param name="Host">The host the command ran on.</param>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="StdOut">Standard output (UTF-8).</param>
/// <param name="StdErr">Standard error (UTF-8).</param>
/// <param name="Duration">How long the command took, including the transport.</param>
public sealed record CommandResult(string Host, int ExitCode, string StdOut, string StdErr, TimeSpan Duration)
{
    /// <summary>True when the exit code is zero.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws <see cref="CommandFailedException"/> when the exit code is not zero.</summary>
    /// <param name="command">The command text for the message (pass <c>&lt;redacted&gt;</c> for secrets).</param>
    /// <exception cref="CommandFailedException">The exit code is not zero; it carries this result's stdout and stderr.</exception>
    public CommandResult EnsureSuccess(string command) =>
        Succeeded ? this : throw new CommandFailedException(Host, command, ExitCode, StdOut, StdErr);
}
