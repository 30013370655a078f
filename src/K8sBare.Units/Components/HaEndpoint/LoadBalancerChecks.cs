using System.Globalization;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>Checks shared by the load-balancer options.</summary>
internal static class LoadBalancerChecks
{
    public static void Backends(ProblemList v, IReadOnlyList<ApiServerBackend> backends)
    {
        if (backends.Count == 0) v.Add("Backends", "needs at least one apiserver.");
        for (var i = 0; i < backends.Count; i++)
        {
            var b = backends[i];
            if (string.IsNullOrWhiteSpace(b.Name) || !b.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                v.Add($"Backends[{i}].Name", $"'{b.Name}' must be letters, digits, '-', '_' or '.'.");
            v.Ip($"Backends[{i}].Address", b.Address);
            v.Port($"Backends[{i}].Port", b.Port);
        }
        foreach (var dup in backends.GroupBy(b => b.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            v.Add("Backends", $"name '{dup.Key}' is used {dup.Count()} times.");
    }

    public static bool IsDuration(string s) =>
        s.Length >= 2 && s[^1] is 's' or 'm' or 'h' or 'd' && int.TryParse(s[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0;

    public static string HostPort(string address, int port) =>
        (address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
