namespace K8sBare.Cluster.Validation;

/// <summary>Rules on the PKI settings: validity periods the X.509 encoder and the clock can hold.</summary>
internal static class PkiRules
{
    /// <summary>The longest validity accepted: 100 years (notAfter stays far below year 9999 and TimeSpan's range).</summary>
    internal static readonly TimeSpan MaxValidity = TimeSpan.FromDays(36500);

    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        var pki = spec.Pki;
        if (!Enum.IsDefined(pki.KeyAlgorithm))
            p.Error(ProblemCodes.UnknownValue, "pki.keyAlgorithm", $"Unknown key algorithm {(int)pki.KeyAlgorithm}.", "Use ecdsa-p256 or rsa-2048.");
        Validity(pki.CertificateValidity, "pki.certificateValidityDays", "365", p);
        Validity(pki.CaValidity, "pki.caValidityDays", "3650", p);
        if (pki.CertificateValidity > TimeSpan.Zero && pki.CaValidity > TimeSpan.Zero && pki.CertificateValidity > pki.CaValidity)
            p.Error(ProblemCodes.ValidityInvalid, "pki.certificateValidityDays",
                $"Leaf certificates ({pki.CertificateValidity.TotalDays:0} days) would outlive their CA ({pki.CaValidity.TotalDays:0} days); clients reject a chain once the CA expires.",
                "Make pki.certificateValidityDays shorter than pki.caValidityDays.");
        var subject = pki.Subject ?? new CertificateSubject();
        if (subject.Country is { } c && (c.Length != 2 || !c.All(char.IsAsciiLetter)))
            p.Error(ProblemCodes.SubjectFieldInvalid, "pki.subject.country", $"Country '{c}' is not a two-letter code.", "Use an ISO 3166 code such as US or DE.");
        foreach (var (field, value) in new[] { ("province", subject.Province), ("locality", subject.Locality), ("organizationalUnit", subject.OrganizationalUnit) })
            if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl) || value.Length > 128))
                p.Error(ProblemCodes.SubjectFieldInvalid, $"pki.subject.{field}", $"'{value.Replace("\n", "\\n", StringComparison.Ordinal)}' is not a subject field value (empty, over 128 characters, or with a control character).",
                    $"Give one line of text, e.g. {(field == "province" ? "Oregon" : field == "locality" ? "Portland" : "Kubernetes The Hard Way")}, or leave pki.subject.{field} out.");
    }

    private static void Validity(TimeSpan value, string field, string example, ProblemCollector p)
    {
        if (value <= TimeSpan.Zero)
            p.Error(ProblemCodes.ValidityInvalid, field, $"The validity ({value.TotalDays:0.##} days) is not positive.", $"Use a number of days above 0, e.g. {example}.");
        else if (value < TimeSpan.FromHours(1))
            p.Error(ProblemCodes.ValidityInvalid, field, $"The validity ({value}) is shorter than an hour; certificates would expire during the apply.", $"Use a number of days, e.g. {example}.");
        else if (value > MaxValidity)
            p.Error(ProblemCodes.ValidityInvalid, field, $"The validity ({value.TotalDays:0} days) is above 100 years.", $"Use at most 36500 days, e.g. {example}.");
    }
}
