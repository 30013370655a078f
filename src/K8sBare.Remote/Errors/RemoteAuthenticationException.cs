namespace K8sBare.Remote.Errors;

/// <summary>The host refused our credentials (key, agent).</summary>
public sealed class RemoteAuthenticationException : RemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host's name as the connection reports it (<see cref="IHostConnection.Name"/>).</param>
    /// <param name="message">What happened and the fix.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public RemoteAuthenticationException(string host, string message, Exception? inner = null) : base(host, message, inner) { }
}
