namespace K8sBare.Remote.Errors;

/// <summary>The host's SSH key was refused (unknown, or changed since it was recorded).</summary>
public sealed class HostKeyVerificationException : RemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host's name as the connection reports it (<see cref="IHostConnection.Name"/>).</param>
    /// <param name="problem">Unknown, changed or revoked.</param>
    /// <param name="knownHostsFile">The known_hosts file that was checked, when known.</param>
    /// <param name="detail">The client's own message.</param>
    public HostKeyVerificationException(string host, HostKeyProblem problem, string? knownHostsFile, string detail)
        : base(host, BuildMessage(host, problem, knownHostsFile, detail))
    {
        Problem = problem;
        KnownHostsFile = knownHostsFile;
    }

    /// <summary>Unknown, changed or revoked.</summary>
    public HostKeyProblem Problem { get; }

    /// <summary>The known_hosts file that was checked, when known.</summary>
    public string? KnownHostsFile { get; }

    private static string BuildMessage(string host, HostKeyProblem problem, string? file, string detail)
    {
        var where = file is null ? "the user's known_hosts" : $"'{file}'";
        if (problem == HostKeyProblem.Revoked)
            return $"host key of '{host}' is REVOKED in {where}; the connection was refused.\n" +
                   $"fix: the host must get a new key (ssh-keygen -A on the host), recorded out of band (KnownHostsFile.Add).\nssh: {CommandFailedException.Shorten(detail.Trim(), 600)}";
        return problem == HostKeyProblem.Changed
            ? $"host key of '{host}' has CHANGED compared to {where}; the connection was refused (possible man-in-the-middle, or the host was reinstalled).\n" +
              $"fix: verify the new key out of band, then remove the old entry (KnownHostsFile.Remove or `ssh-keygen -R <host> -f <file>`) and reconnect.\nssh: {CommandFailedException.Shorten(detail.Trim(), 600)}"
            : $"host key of '{host}' is not in {where}; the connection was refused.\n" +
              $"fix: add the host's key (KnownHostsFile.Add with a key obtained out of band), or pass HostKeyPolicy.TrustOnFirstUse to accept it once.\nssh: {CommandFailedException.Shorten(detail.Trim(), 600)}";
    }
}
