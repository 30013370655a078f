namespace K8sBare.Etcd;

/// <summary>
/// The one exception base of K8sBare.Etcd. A failed request carries etcd's own gRPC code and message when the
/// server answered (for example <see cref="EtcdStatusCode.NotFound"/>, <c>etcdserver: member not found</c>), or
/// <see cref="EtcdStatusCode.Unavailable"/>/<see cref="EtcdStatusCode.DeadlineExceeded"/> when no endpoint did;
/// refused or incomplete operations of this package derive from it (<see cref="UnsafeMembershipChangeException"/>).
/// </summary>
public class EtcdException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">etcd's gRPC status code, or the client's own when no endpoint answered.</param>
    /// <param name="etcdMessage">etcd's message verbatim (empty when etcd said nothing).</param>
    /// <param name="message">The full explanation with the fix.</param>
    /// <param name="endpoint">The endpoint that answered, or null.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public EtcdException(EtcdStatusCode code, string etcdMessage, string message, Uri? endpoint = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        EtcdMessage = etcdMessage ?? "";
        Endpoint = endpoint;
    }

    /// <summary>etcd's gRPC status code (or the client's own when no endpoint answered).</summary>
    public EtcdStatusCode Code { get; }

    /// <summary>etcd's message verbatim, for example <c>etcdserver: member not found</c>.</summary>
    public string EtcdMessage { get; }

    /// <summary>The endpoint that answered (null when none did).</summary>
    public Uri? Endpoint { get; }
}
