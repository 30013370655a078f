namespace K8sBare.Pki.Keys;

/// <summary>How a private key is written as PEM.</summary>
public enum PrivateKeyFormat
{
    /// <summary>PKCS#8 (<c>-----BEGIN PRIVATE KEY-----</c>) for every key type; the default.</summary>
    Pkcs8,

    /// <summary>
    /// The traditional per-algorithm form: PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>) for RSA and SEC1
    /// (<c>BEGIN EC PRIVATE KEY</c>) for ECDSA, as cfssl and older openssl write them.
    /// </summary>
    Pkcs1,
}
