using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace K8sBare.Pki.Certificates;

/// <summary>
/// Encodes and signs an X.509 v3 certificate (RFC 5280 §4.1) straight to DER. Same encoding as
/// <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, ReadOnlySpan{byte})"/>,
/// without loading the result into an <see cref="X509Certificate2"/> (which costs more than the signature itself on Linux);
/// <see cref="IssuedCertificate"/> loads it only when asked.
/// </summary>
internal static class CertificateDer
{
    public static byte[] Create(X500DistinguishedName issuer, X500DistinguishedName subject, byte[] subjectPublicKeyInfo, byte[] serial,
        DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<X509Extension> extensions,
        X509SignatureGenerator generator, HashAlgorithmName hash)
    {
        var algorithmId = generator.GetSignatureAlgorithmIdentifier(hash);
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                w.WriteInteger(2); // v3
            w.WriteInteger(serial);
            w.WriteEncodedValue(algorithmId);
            w.WriteEncodedValue(issuer.RawData);
            using (w.PushSequence())
            {
                WriteTime(w, notBefore);
                WriteTime(w, notAfter);
            }
            w.WriteEncodedValue(subject.RawData);
            w.WriteEncodedValue(subjectPublicKeyInfo);
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3)))
            using (w.PushSequence())
            {
                foreach (var e in extensions)
                {
                    using (w.PushSequence())
                    {
                        w.WriteObjectIdentifier(e.Oid!.Value!);
                        if (e.Critical) w.WriteBoolean(true);
                        w.WriteOctetString(e.RawData);
                    }
                }
            }
        }
        var tbs = w.Encode();
        var signature = generator.SignData(tbs, hash);
        var cert = new AsnWriter(AsnEncodingRules.DER);
        using (cert.PushSequence())
        {
            cert.WriteEncodedValue(tbs);
            cert.WriteEncodedValue(algorithmId);
            cert.WriteBitString(signature);
        }
        return cert.Encode();
    }

    /// <summary>UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).</summary>
    private static void WriteTime(AsnWriter w, DateTimeOffset t)
    {
        t = t.ToUniversalTime();
        if (t.Year < 2050) w.WriteUtcTime(t);
        else w.WriteGeneralizedTime(t, omitFractionalSeconds: true);
    }
}
