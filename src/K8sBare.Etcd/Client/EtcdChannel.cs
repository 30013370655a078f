using Grpc.Net.Client;

namespace K8sBare.Etcd;

/// <summary>
/// One endpoint's gRPC channel and the dotnet-etcd client over it. One channel per endpoint (rather than
/// dotnet-etcd's round-robin channel over all of them) so that K8sBare decides which endpoint a request goes to,
/// checks each server certificate against that endpoint's own host, and never lets gRPC re-send a write:
/// the channel has no retry policy (see <see cref="EtcdClient"/>).
/// </summary>
internal sealed class EtcdChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    public EtcdChannel(Uri endpoint, EtcdClientOptions options)
    {
        Endpoint = endpoint;
        HasClientCertificate = options.ClientCertificate is not null;
        var handler = EtcdTls.CreateHandler(options, this);
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = null, // etcd's own client: math.MaxInt32; a large prefix read must not fail here
            MaxSendMessageSize = null,
            ServiceConfig = null,         // no gRPC retries: K8sBare.Etcd decides what may be re-sent
            // A member that restarts (a rolling restart, a replaced host) is back within seconds: reconnect within 1 s
            // instead of gRPC's default backoff (up to 120 s), during which the channel keeps failing with the old
            // "connection refused" although the member serves again.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
        });
        Client = new dotnet_etcd.EtcdClient(_channel.CreateCallInvoker());
    }

    public Uri Endpoint { get; }

    /// <summary>True when a client certificate is sent.</summary>
    public bool HasClientCertificate { get; }

    /// <summary>dotnet-etcd's client bound to this endpoint only.</summary>
    public dotnet_etcd.EtcdClient Client { get; }

    /// <summary>Why the last TLS handshake refused the server certificate (null when it was accepted).</summary>
    public string? TlsFailure { get; set; }

    public void Dispose()
    {
        Client.Dispose();
        _channel.Dispose();
    }
}
