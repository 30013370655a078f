using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Certificates;

namespace K8sBare.Pki.Inspection;

/// <summary>Verifies certificate chains against explicit trusted CAs (never the system store), like <c>openssl verify -CAfile</c>.</summary>
public static class ChainVerifier
{
    /// <summary>Verifies <paramref name="leaf"/> against <paramref name="trustedRoots"/>.</summary>
    /// <param name="leaf">The certificate to check.</param>
    /// <param name="trustedRoots">The CAs to trust (e.g. the cluster CA).</param>
    /// <param name="intermediates">Optional intermediate CAs.</param>
    /// <param name="requiredUsage">When set, the leaf must carry these extended key usages.</param>
    /// <param name="at">Verification time; defaults to now.</param>
    /// <returns>Whether the chain is valid, every problem found (revocation is not checked, nothing is downloaded) and the chain's subjects, leaf first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="leaf"/> or <paramref name="trustedRoots"/> is null.</exception>
    public static ChainVerificationResult Verify(X509Certificate2 leaf, IEnumerable<X509Certificate2> trustedRoots,
        IEnumerable<X509Certificate2>? intermediates = null, CertificateUsage requiredUsage = CertificateUsage.None, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(trustedRoots);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = (at ?? DateTimeOffset.UtcNow).UtcDateTime;
        foreach (var r in trustedRoots) chain.ChainPolicy.CustomTrustStore.Add(r);
        if (intermediates is not null) foreach (var i in intermediates) chain.ChainPolicy.ExtraStore.Add(i);
        if (requiredUsage.HasFlag(CertificateUsage.Server)) chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        if (requiredUsage.HasFlag(CertificateUsage.Client)) chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        var ok = chain.Build(leaf);
        var problems = new List<string>();
        foreach (var element in chain.ChainElements)
            foreach (var s in element.ChainElementStatus.Where(s => s.Status != X509ChainStatusFlags.NoError))
                problems.Add($"{element.Certificate.Subject}: {Describe(s.Status)} ({s.StatusInformation.Trim()})");
        if (!ok && problems.Count == 0)
            problems.AddRange(chain.ChainStatus.Select(s => $"{leaf.Subject}: {Describe(s.Status)}"));
        if (!ok && problems.Count == 0) problems.Add($"{leaf.Subject}: the chain does not build to a trusted CA.");
        return new ChainVerificationResult
        {
            IsValid = ok && problems.Count == 0,
            Problems = problems.Distinct().ToList(),
            Chain = chain.ChainElements.Select(e => e.Certificate.Subject).ToList(),
        };
    }

    /// <summary>Verifies and throws <see cref="PkiException"/> listing the problems when the chain is invalid.</summary>
    /// <param name="leaf">The certificate to check (verified now, against the system clock).</param>
    /// <param name="trustedRoots">The only CAs to trust (e.g. the cluster CA); the system store is never used.</param>
    /// <param name="requiredUsage">When set, the leaf must carry these extended key usages (serverAuth / clientAuth, RFC 5280 §4.2.1.12).</param>
    /// <param name="source">What the leaf is (file path or description), named first in the error message.</param>
    /// <exception cref="PkiException">The chain does not build to a trusted root, a certificate is expired or not yet valid, a signature does not verify, an issuer is not a CA, or a required usage is missing; every problem is listed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="leaf"/> or <paramref name="trustedRoots"/> is null.</exception>
    public static void EnsureValid(X509Certificate2 leaf, IEnumerable<X509Certificate2> trustedRoots, CertificateUsage requiredUsage = CertificateUsage.None,
        string source = "certificate")
    {
        var r = Verify(leaf, trustedRoots, null, requiredUsage);
        if (!r.IsValid) throw new PkiException($"{source}: chain verification failed: {string.Join("; ", r.Problems)}");
    }

    private static string Describe(X509ChainStatusFlags f) => f switch
    {
        X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "not issued by a trusted CA",
        X509ChainStatusFlags.NotTimeValid => "expired or not yet valid",
        X509ChainStatusFlags.NotSignatureValid => "signature does not verify",
        X509ChainStatusFlags.NotValidForUsage => "missing the required extended key usage",
        X509ChainStatusFlags.InvalidBasicConstraints => "issuer is not a CA",
        _ => f.ToString(),
    };
}
