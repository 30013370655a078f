using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Kubeconfig;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Inspection;

/// <summary>
/// Expiry reports over a PKI folder or a set of kubeconfigs (embedded CA and client certificates), sorted by expiry.
/// </summary>
public static class ExpiryReport
{
    /// <summary>The default warning window (30 days).</summary>
    public static readonly TimeSpan DefaultWarnWithin = TimeSpan.FromDays(30);

    /// <summary>
    /// Scans <paramref name="folder"/> recursively for <c>*.crt</c>, <c>*.pem</c> and <c>*.cert</c> files holding
    /// certificates (key files are skipped) and reports each certificate.
    /// </summary>
    /// <param name="folder">A local folder (e.g. a <see cref="Generation.PkiStore.Root"/> or <c>/etc/kubernetes/pki</c>); files without a <c>BEGIN CERTIFICATE</c> line are skipped.</param>
    /// <param name="warnWithin">Certificates expiring within this window are <see cref="ExpiryStatus.ExpiringSoon"/>; null means <see cref="DefaultWarnWithin"/> (30 days).</param>
    /// <param name="time">Clock for "now" (tests); null means the system clock.</param>
    /// <param name="cancellationToken">Cancels between file reads.</param>
    /// <returns>One entry per certificate (a bundle yields several; <see cref="ExpiryEntry.Source"/> is the file path), soonest expiry first.</returns>
    /// <exception cref="PkiException">The folder does not exist, a file cannot be read, or a certificate file is malformed.</exception>
    public static async Task<IReadOnlyList<ExpiryEntry>> ScanFolderAsync(string folder, TimeSpan? warnWithin = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder)) throw new PkiException($"{folder}: no such folder to scan for certificates.");
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var entries = new List<ExpiryEntry>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".crt", StringComparison.Ordinal) || f.EndsWith(".pem", StringComparison.Ordinal) || f.EndsWith(".cert", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = await PemFile.ReadAsync(file, cancellationToken).ConfigureAwait(false);
            if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) continue;
            entries.AddRange(ForPem(file, text, now, warnWithin ?? DefaultWarnWithin));
        }
        return Sort(entries);
    }

    /// <summary>Reports the embedded CA and client certificates of each kubeconfig.</summary>
    /// <param name="paths">Local kubeconfig file paths; only embedded <c>certificate-authority-data</c> and <c>client-certificate-data</c> are read (referenced files are not followed).</param>
    /// <param name="warnWithin">Certificates expiring within this window are <see cref="ExpiryStatus.ExpiringSoon"/>; null means <see cref="DefaultWarnWithin"/> (30 days).</param>
    /// <param name="time">Clock for "now" (tests); null means the system clock.</param>
    /// <param name="cancellationToken">Cancels between file reads.</param>
    /// <returns>One entry per certificate, <see cref="ExpiryEntry.Source"/> as <c>path#cluster:NAME</c> or <c>path#user:NAME</c>, soonest expiry first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="PkiException">A kubeconfig cannot be read or parsed, or an embedded certificate is malformed.</exception>
    public static async Task<IReadOnlyList<ExpiryEntry>> ScanKubeconfigsAsync(IEnumerable<string> paths, TimeSpan? warnWithin = null,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var entries = new List<ExpiryEntry>();
        foreach (var path in paths)
        {
            var kc = await KubeconfigFile.LoadAsync(path, cancellationToken).ConfigureAwait(false);
            entries.AddRange(ForKubeconfig(path, kc, now, warnWithin ?? DefaultWarnWithin));
        }
        return Sort(entries);
    }

    /// <summary>Expiry entries of the certificates in PEM text read from anywhere (e.g. a file on a remote host).</summary>
    /// <param name="source">Where the text came from (the entries' <see cref="ExpiryEntry.Source"/>).</param>
    /// <param name="pem">PEM text holding one or more CERTIFICATE blocks (other blocks are ignored).</param>
    /// <param name="now">The time the days left are counted from.</param>
    /// <param name="warnWithin">The window for <see cref="ExpiryStatus.ExpiringSoon"/>; null for <see cref="DefaultWarnWithin"/>.</param>
    /// <returns>One entry per certificate, in file order.</returns>
    /// <exception cref="PkiException">The text holds no certificate or a malformed one.</exception>
    public static IReadOnlyList<ExpiryEntry> ForPem(string source, string pem, DateTimeOffset now, TimeSpan? warnWithin = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var list = new List<ExpiryEntry>();
        foreach (var cert in CertificatePemReader.ReadAll(pem, source))
            using (cert) list.Add(Entry(source, cert, now, warnWithin ?? DefaultWarnWithin));
        return list;
    }

    /// <summary>Expiry entries of the certificates embedded in a kubeconfig (cluster CA data and user client certificates).</summary>
    /// <param name="source">Where the kubeconfig came from; entries are <c>SOURCE#cluster:NAME</c> / <c>SOURCE#user:NAME</c>.</param>
    /// <param name="kubeconfig">The parsed kubeconfig (<see cref="KubeconfigFile.Parse"/>).</param>
    /// <param name="now">The time the days left are counted from.</param>
    /// <param name="warnWithin">The window for <see cref="ExpiryStatus.ExpiringSoon"/>; null for <see cref="DefaultWarnWithin"/>.</param>
    /// <returns>The entries, clusters first.</returns>
    /// <exception cref="PkiException">Embedded data is not a certificate.</exception>
    public static IReadOnlyList<ExpiryEntry> ForKubeconfig(string source, KubeconfigFile kubeconfig, DateTimeOffset now, TimeSpan? warnWithin = null)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        var list = new List<ExpiryEntry>();
        foreach (var c in kubeconfig.Clusters.Where(c => c.Cluster.CertificateAuthorityData is not null))
            foreach (var cert in CertificatePemReader.ReadAll(c.Cluster.CertificateAuthorityData!, $"{source}: cluster '{c.Name}' certificate-authority-data"))
                using (cert) list.Add(Entry($"{source}#cluster:{c.Name}", cert, now, warnWithin ?? DefaultWarnWithin));
        foreach (var u in kubeconfig.Users.Where(u => u.User.ClientCertificateData is not null))
            foreach (var cert in CertificatePemReader.ReadAll(u.User.ClientCertificateData!, $"{source}: user '{u.Name}' client-certificate-data"))
                using (cert) list.Add(Entry($"{source}#user:{u.Name}", cert, now, warnWithin ?? DefaultWarnWithin));
        return list;
    }

    /// <summary>The report as JSON.</summary>
    /// <param name="entries">The report, e.g. from <see cref="ScanFolderAsync"/>.</param>
    public static string ToJson(IReadOnlyList<ExpiryEntry> entries) => JsonSerializer.Serialize(entries, PkiJsonContext.Default.IReadOnlyListExpiryEntry);

    /// <summary>The report as an aligned text table (one line per certificate, LF endings).</summary>
    /// <param name="entries">The report, e.g. from <see cref="ScanFolderAsync"/>; printed in this order under a header line (NotAfter in UTC, days left, status, CA, source).</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    public static string ToTable(IReadOnlyList<ExpiryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rows = entries.Select(e => new[]
        {
            e.Subject, e.NotAfter.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "Z",
            e.DaysLeft.ToString(System.Globalization.CultureInfo.InvariantCulture) + "d", e.Status.ToString(), e.IsCa ? "yes" : "no", e.Source,
        }).Prepend(["CERTIFICATE", "EXPIRES", "LEFT", "STATUS", "CA", "SOURCE"]).ToList();
        var widths = Enumerable.Range(0, 6).Select(i => rows.Max(r => r[i].Length)).ToArray();
        return string.Concat(rows.Select(r => string.Join("  ", r.Select((c, i) => i == 5 ? c : c.PadRight(widths[i]))).TrimEnd() + "\n"));
    }

    private static ExpiryEntry Entry(string source, X509Certificate2 cert, DateTimeOffset now, TimeSpan warn)
    {
        var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(cert.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var status = notAfter <= now ? ExpiryStatus.Expired
            : notBefore > now ? ExpiryStatus.NotYetValid
            : notAfter - now <= warn ? ExpiryStatus.ExpiringSoon
            : ExpiryStatus.Valid;
        return new ExpiryEntry
        {
            Source = source,
            Subject = cert.GetNameInfo(X509NameType.SimpleName, false),
            Issuer = cert.GetNameInfo(X509NameType.SimpleName, true),
            IsCa = cert.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority ?? false,
            NotAfter = notAfter,
            DaysLeft = (int)Math.Floor((notAfter - now).TotalDays),
            SerialNumber = cert.SerialNumber,
            Sha256Fingerprint = cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
            Status = status,
        };
    }

    private static List<ExpiryEntry> Sort(List<ExpiryEntry> entries) =>
        entries.OrderBy(e => e.NotAfter).ThenBy(e => e.Source, StringComparer.Ordinal).ToList();
}
