namespace K8sBare.Remote.Errors;

/// <summary>The host could not be reached (refused, no route, DNS, connect timeout) or the connection dropped.</summary>
public sealed class HostUnreachableException : RemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host's name as the connection reports it (<see cref="IHostConnection.Name"/>).</param>
    /// <param name="message">What happened and the fix.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public HostUnreachableException(string host, string message, Exception? inner = null) : base(host, message, inner) { }

    /// <summary>An open connection dropped while a command ran (not a failed connect): a read-only command may be run again.</summary>
    internal bool ConnectionLost { get; init; }
}
