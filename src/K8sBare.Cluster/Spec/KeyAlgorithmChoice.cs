namespace K8sBare.Cluster;

/// <summary>The key algorithm for every certificate and key the cluster's PKI generates.</summary>
public enum KeyAlgorithmChoice
{
    /// <summary>ECDSA P-256: fast to generate and small (the default).</summary>
    EcdsaP256,

    /// <summary>RSA 2048, kubeadm's default.</summary>
    Rsa2048,
}
