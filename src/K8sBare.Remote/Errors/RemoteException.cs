namespace K8sBare.Remote.Errors;

/// <summary>The base of every failure raised by K8sBare.Remote; always names the host.</summary>
public class RemoteException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host the failure happened on.</param>
    /// <param name="message">What went wrong, where, and the fix.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public RemoteException(string host, string message, Exception? inner = null) : base(message, inner) => Host = host;

    /// <summary>The host the failure happened on.</summary>
    public string Host { get; }
}
