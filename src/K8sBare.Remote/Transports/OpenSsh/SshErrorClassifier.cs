using K8sBare.Remote.Errors;

namespace K8sBare.Remote.Transports;

/// <summary>Turns the OpenSSH client's exit 255 and its stderr into exceptions a user can act on.</summary>
internal static class SshErrorClassifier
{
    private static readonly string[] Unreachable =
    [
        "Connection refused", "No route to host", "Connection timed out", "Operation timed out", "Could not resolve hostname",
        "Network is unreachable", "Name or service not known", "Temporary failure in name resolution", "kex_exchange_identification",
        "Connection reset", "connect to host", "Host is down", "banner exchange",
    ];

    private static readonly string[] Lost =
    [
        "Connection closed by", "closed by remote host", "Broken pipe", "mux_client_", "client_loop", "Timeout, server", "not responding",
        "Control socket connect", "master is not running", "lost connection",
    ];

    /// <summary>
    /// Null when exit 255 does not look like a transport failure (the remote command itself exited 255). With
    /// <paramref name="duringCommand"/> (a command on an open connection), signs of a lost connection win over words that
    /// also appear when a host cannot be reached: a master cut under a running command makes the mux client say
    /// "mux_client_read_packet: read from master failed: Connection reset by peer", and a direct session "Connection
    /// reset by peer"; both are a lost connection (the file being written keeps its old content), not an unreachable host.
    /// </summary>
    public static Exception? Classify(string host, string target, OpenSshOptions options, int exitCode, string stderr, bool duringCommand = false)
    {
        if (exitCode != 255) return null;
        var err = stderr.Trim();
        if (err.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal) || err.Contains("has changed and you have requested strict checking", StringComparison.Ordinal))
            return new HostKeyVerificationException(host, HostKeyProblem.Changed, options.KnownHostsFile, LastLines(err, 4));
        if (err.Contains("Host key verification failed", StringComparison.Ordinal) || err.Contains("No ED25519 host key is known", StringComparison.Ordinal)
            || err.Contains("host key is known for", StringComparison.Ordinal) || err.Contains("No matching host key", StringComparison.Ordinal))
            return new HostKeyVerificationException(host, HostKeyProblem.Unknown, options.KnownHostsFile, LastLines(err, 4));
        if (err.Contains("Permission denied", StringComparison.Ordinal) && !err.Contains("sudo", StringComparison.Ordinal))
            return new RemoteAuthenticationException(host,
                $"host '{host}' ({target}) refused authentication: {LastLines(err, 2)}\n" +
                "fix: check the user, the key (IdentityFile / agent) and that its public key is in the user's authorized_keys on the host.");
        var lost = Lost.Any(p => err.Contains(p, StringComparison.OrdinalIgnoreCase));
        var lostUnderCommand = duringCommand && !err.Contains("kex_exchange_identification", StringComparison.OrdinalIgnoreCase)
                               && (lost || err.Contains("Connection reset", StringComparison.OrdinalIgnoreCase));
        if (!lostUnderCommand && Unreachable.Any(p => err.Contains(p, StringComparison.OrdinalIgnoreCase)))
            return new HostUnreachableException(host,
                $"cannot reach host '{host}' ({target}) within the connect timeout of {options.ConnectTimeout.TotalSeconds:0.#} s: {LastLines(err, 2)}\n" +
                "fix: check the address and port, that sshd runs on the host, the firewall, and the bastion (ProxyJump) if any.");
        if (lost || lostUnderCommand)
            return new HostUnreachableException(host,
                $"lost the SSH connection to host '{host}' ({target}): {LastLines(err, 2)}\n" +
                "fix: check the host and the network; a file being written at that moment keeps its old content.");
        return null;
    }

    private static string LastLines(string s, int n)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("@@@", StringComparison.Ordinal) && !l.StartsWith("@ ", StringComparison.Ordinal)).ToList();
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Count - n)));
    }
}
