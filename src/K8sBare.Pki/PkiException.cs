namespace K8sBare.Pki;

/// <summary>
/// A PKI failure: bad input (a malformed PEM, an IP SAN that is not an IP, a key that does not match its
/// certificate), an unusable issuer (expired, not a CA) or an I/O problem with a PKI file. The message says
/// what is wrong, where (file, certificate, field) and how to fix it; it never contains key material.
/// </summary>
public sealed class PkiException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong, where and how to fix it; never key material.</param>
    public PkiException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the underlying cause.</summary>
    /// <param name="message">What is wrong, where and how to fix it; never key material.</param>
    /// <param name="innerException">The underlying failure (e.g. a <see cref="System.Security.Cryptography.CryptographicException"/> or <see cref="IOException"/>).</param>
    public PkiException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception with no message (prefer the other constructors).</summary>
    public PkiException() : base("PKI operation failed.") { }
}
