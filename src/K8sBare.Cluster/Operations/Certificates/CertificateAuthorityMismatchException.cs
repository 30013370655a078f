namespace K8sBare.Cluster.Operations;

/// <summary>A renewal refused because the PKI store's CA is not the CA the hosts trust: re-issuing from it would break the cluster. Nothing was changed.</summary>
public sealed class CertificateAuthorityMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">The PKI store's folder.</param>
    /// <param name="storeAuthorities">The store's CAs (catalogue entry → SHA-256 fingerprint).</param>
    /// <param name="mismatches">One line per host file whose CA is none of the store's (host, path, subject, fingerprint).</param>
    public CertificateAuthorityMismatchException(string store, IReadOnlyDictionary<string, string> storeAuthorities, IReadOnlyList<string> mismatches)
        : base("Certificate renewal refused; nothing was changed: the PKI store's CA does not match the CA on the hosts. " +
               "Fix: pass the PKI store the cluster was applied with (--pki-dir); to move the cluster to a new CA, follow a CA rotation plan." +
               Environment.NewLine + $"PKI store {store}: " + string.Join(", ", storeAuthorities.Select(a => $"{a.Key} sha256 {a.Value}")) +
               Environment.NewLine + "On the hosts:" + Environment.NewLine + string.Join(Environment.NewLine, mismatches))
    {
        Mismatches = mismatches;
    }

    /// <summary>One line per mismatching file.</summary>
    public IReadOnlyList<string> Mismatches { get; }
}
