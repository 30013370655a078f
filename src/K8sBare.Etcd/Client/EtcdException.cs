namespace K8sBare.Etcd;

/// <summary>
/// A failed etcd request: etcd's own gRPC code and message when the server answered, or
/// <see cref="EtcdStatusCode.Unavailable"/>/<see cref="EtcdStatusCode.DeadlineExceeded"/> when no endpoint did.
/// </summary>
public class EtcdException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EtcdException(EtcdStatusCode code, string etcdMessage, string message, Uri? endpoint = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        EtcdMessage = etcdMessage;
        Endpoint = endpoint;
    }

    /// <summary>etcd's gRPC status code (or ours when no endpoint answered).</summary>
    public EtcdStatusCode Code { get; }

    /// <summary>etcd's message verbatim, for example <c>etcdserver: member not found</c>.</summary>
    public string EtcdMessage { get; }

    /// <summary>The endpoint that answered (null when none did).</summary>
    public Uri? Endpoint { get; }
}
