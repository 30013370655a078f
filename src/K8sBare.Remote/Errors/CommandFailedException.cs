namespace K8sBare.Remote.Errors;

/// <summary>A command exited with a non-zero code. Carries the exit code and both output streams.</summary>
public sealed class CommandFailedException : RemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host's name as the connection reports it (<see cref="IHostConnection.Name"/>).</param>
    /// <param name="command">The command text (already redacted when secret).</param>
    /// <param name="exitCode">The exit code (0–255 from the shell; -1 when a batch script exited 0 without its completion marker).</param>
    /// <param name="stdOut">Standard output, UTF-8 decoded (<c>&lt;redacted&gt;</c> for sensitive commands).</param>
    /// <param name="stdErr">Standard error, UTF-8 decoded.</param>
    /// <param name="hint">An optional fix appended to the message.</param>
    public CommandFailedException(string host, string command, int exitCode, string stdOut, string stdErr, string? hint = null)
        : base(host, BuildMessage(host, command, exitCode, stdOut, stdErr, hint))
    {
        Command = command;
        ExitCode = exitCode;
        StdOut = stdOut;
        StdErr = stdErr;
    }

    /// <summary>The command text (<c>&lt;redacted&gt;</c> for secret commands).</summary>
    public string Command { get; }

    /// <summary>The exit code.</summary>
    public int ExitCode { get; }

    /// <summary>Standard output.</summary>
    public string StdOut { get; }

    /// <summary>Standard error.</summary>
    public string StdErr { get; }

    private static string BuildMessage(string host, string command, int exitCode, string stdOut, string stdErr, string? hint)
    {
        var msg = $"command on host '{host}' exited {exitCode}: {Shorten(command, 300)}";
        if (stdErr.Length > 0) msg += $"\nstderr: {Shorten(stdErr.TrimEnd(), 2000)}";
        if (stdOut.Length > 0) msg += $"\nstdout: {Shorten(stdOut.TrimEnd(), 1000)}";
        if (hint is not null) msg += $"\nfix: {hint}";
        else if (stdErr.Contains("sudo: a password is required", StringComparison.Ordinal) || stdErr.Contains("sudo: a terminal is required", StringComparison.Ordinal))
            msg += $"\nfix: the login user on '{host}' needs passwordless sudo (NOPASSWD in /etc/sudoers.d) or log in as root.";
        return msg;
    }

    internal static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + $"… ({s.Length - max} more chars)";
}
