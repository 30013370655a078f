namespace K8sBare.Pki.Keys;

/// <summary>The key types K8sBare generates (the same set kubeadm's <c>encryptionAlgorithm</c> accepts, plus P-384).</summary>
public enum KeyAlgorithm
{
    /// <summary>RSA with a 2048-bit modulus (the kubeadm default).</summary>
    Rsa2048,

    /// <summary>RSA with a 3072-bit modulus.</summary>
    Rsa3072,

    /// <summary>RSA with a 4096-bit modulus (the hard-way default).</summary>
    Rsa4096,

    /// <summary>ECDSA on NIST P-256 (fast to generate; signatures use SHA-256).</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384 (signatures use SHA-384).</summary>
    EcdsaP384,
}
