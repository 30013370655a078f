using System.Security.Cryptography.X509Certificates;

namespace K8sBare.Pki.Certificates;

/// <summary>Builds and checks X.500 subjects in Go's <c>pkix.Name</c> order (C, ST, L, O…, OU, CN).</summary>
internal static class SubjectFields
{
    public static List<string> Validate(string commonName, IReadOnlyList<string> organizations, string? country, string what)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(commonName)) problems.Add($"{what}: CommonName is empty.");
        if (organizations.Any(string.IsNullOrWhiteSpace)) problems.Add($"{what}: an Organizations entry is empty.");
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
            problems.Add($"{what}: Country '{country}' must be a two-letter code such as 'DE'.");
        return problems;
    }

    public static X500DistinguishedName Build(string commonName, IReadOnlyList<string> organizations,
        string? organizationalUnit, string? locality, string? province, string? country)
    {
        // Go order (encoded first to last). X500DistinguishedNameBuilder encodes in reverse of the Add calls.
        var rdns = new List<Action<X500DistinguishedNameBuilder>>();
        if (!string.IsNullOrEmpty(country)) rdns.Add(b => b.AddCountryOrRegion(country.ToUpperInvariant()));
        if (!string.IsNullOrEmpty(province)) rdns.Add(b => b.AddStateOrProvinceName(province));
        if (!string.IsNullOrEmpty(locality)) rdns.Add(b => b.AddLocalityName(locality));
        foreach (var o in organizations) rdns.Add(b => b.AddOrganizationName(o));
        if (!string.IsNullOrEmpty(organizationalUnit)) rdns.Add(b => b.AddOrganizationalUnitName(organizationalUnit));
        rdns.Add(b => b.AddCommonName(commonName));
        var b = new X500DistinguishedNameBuilder();
        for (var i = rdns.Count - 1; i >= 0; i--) rdns[i](b);
        return b.Build();
    }
}
