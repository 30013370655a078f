namespace K8sBare.Pki.Catalog;

/// <summary>Which part of a catalogue entry a placed file carries.</summary>
public enum PlacedFileKind
{
    /// <summary>The certificate (PEM), mode 0644.</summary>
    Certificate,

    /// <summary>The private key (PEM), mode 0600.</summary>
    PrivateKey,

    /// <summary>The public key (PEM <c>PUBLIC KEY</c>, for the service-account key), mode 0644.</summary>
    PublicKey,

    /// <summary>A kubeconfig embedding the cluster CA, the certificate and the key, mode 0600.</summary>
    Kubeconfig,
}
