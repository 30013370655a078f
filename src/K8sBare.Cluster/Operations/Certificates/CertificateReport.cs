using System.Globalization;
using System.Text;

namespace K8sBare.Cluster.Operations;

/// <summary>The certificates on the hosts, read from the hosts themselves (not from the local PKI store).</summary>
public sealed record CertificateReport
{
    /// <summary>When the hosts were read (UTC).</summary>
    public required DateTimeOffset ReadAt { get; init; }

    /// <summary>Every certificate found, by host then path.</summary>
    public required IReadOnlyList<HostCertificate> Certificates { get; init; }

    /// <summary>Files K8sBare places that are not on their host (<c>host:path</c>): not applied yet, or removed.</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>Hosts that could not be read, with the reason.</summary>
    public required IReadOnlyDictionary<string, string> Unreachable { get; init; }

    /// <summary>A plain-text table: host, path, subject, notAfter, days left, status.</summary>
    /// <returns>The table, one line per certificate, then the missing files and unreachable hosts.</returns>
    public string ToTable()
    {
        var rows = Certificates.Select(c => new[]
        {
            c.Host, c.Path + (c.Embedded is null ? "" : "#" + c.Embedded), c.Expiry.Subject + (c.Expiry.IsCa ? " (CA)" : ""),
            c.Expiry.NotAfter.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture), c.Expiry.DaysLeft.ToString(CultureInfo.InvariantCulture) + "d", c.Expiry.Status.ToString(),
        }).Prepend(["HOST", "FILE", "SUBJECT", "NOT AFTER", "LEFT", "STATUS"]).ToList();
        var widths = Enumerable.Range(0, 6).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var r in rows) sb.Append(string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
        foreach (var m in Missing) sb.Append("missing: ").Append(m).Append('\n');
        foreach (var (h, why) in Unreachable) sb.Append("unreachable: ").Append(h).Append(": ").Append(why).Append('\n');
        return sb.ToString();
    }
}
