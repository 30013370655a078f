namespace K8sBare.Units.Components;

/// <summary>etcd's client and peer TLS files (components.md §10.1; kubeadm's etcd/server, etcd/peer, etcd/ca).</summary>
public sealed record EtcdTlsOptions
{
    /// <summary><c>--trusted-ca-file</c>: CA that signs client certificates.</summary>
    public string TrustedCaFile { get; init; } = "/etc/etcd/ca.crt";

    /// <summary><c>--cert-file</c>: the server certificate.</summary>
    public string CertFile { get; init; } = "/etc/etcd/server.crt";

    /// <summary><c>--key-file</c>: the server key.</summary>
    public string KeyFile { get; init; } = "/etc/etcd/server.key";

    /// <summary><c>--client-cert-auth</c>: require client certificates.</summary>
    public bool ClientCertAuth { get; init; } = true;

    /// <summary><c>--peer-trusted-ca-file</c>.</summary>
    public string PeerTrustedCaFile { get; init; } = "/etc/etcd/ca.crt";

    /// <summary><c>--peer-cert-file</c>.</summary>
    public string PeerCertFile { get; init; } = "/etc/etcd/peer.crt";

    /// <summary><c>--peer-key-file</c>.</summary>
    public string PeerKeyFile { get; init; } = "/etc/etcd/peer.key";

    /// <summary><c>--peer-client-cert-auth</c>.</summary>
    public bool PeerClientCertAuth { get; init; } = true;
}
