namespace K8sBare.Pki.Certificates;

/// <summary>Extended key usages of a leaf certificate.</summary>
[Flags]
public enum CertificateUsage
{
    /// <summary>No extended key usage (only meaningful for CAs).</summary>
    None = 0,

    /// <summary>TLS server authentication (<c>serverAuth</c>, 1.3.6.1.5.5.7.3.1).</summary>
    Server = 1,

    /// <summary>TLS client authentication (<c>clientAuth</c>, 1.3.6.1.5.5.7.3.2).</summary>
    Client = 2,

    /// <summary>Both: what kubelets and etcd server/peer certificates need.</summary>
    ServerAndClient = Server | Client,
}
