using System.Net;
using System.Net.Sockets;

namespace K8sBare.Units.Validation;

/// <summary>Collects <see cref="OptionProblem"/>s for one options type; option names are prefixed with the type name.</summary>
internal sealed class ProblemList(string owner)
{
    private readonly List<OptionProblem> _problems = [];

    public IReadOnlyList<OptionProblem> Problems => _problems;

    public string Owner { get; } = owner;

    public void Add(string option, string message) => _problems.Add(new OptionProblem($"{Owner}.{option}", message));

    public void AddRange(IEnumerable<OptionProblem> problems) => _problems.AddRange(problems);

    /// <summary>Adds nested problems, re-rooting their option names under this owner.</summary>
    public void AddNested(string option, IEnumerable<OptionProblem> problems)
    {
        foreach (var p in problems)
        {
            var dot = p.Option.IndexOf('.', StringComparison.Ordinal);
            var rest = dot < 0 ? p.Option : p.Option[(dot + 1)..];
            _problems.Add(new OptionProblem($"{Owner}.{option}.{rest}", p.Message));
        }
    }

    public void Port(string option, int port)
    {
        if (port is < 1 or > 65535) Add(option, $"port {port} is out of range; use 1-65535.");
    }

    public void Port(string option, int? port)
    {
        if (port is { } p) Port(option, p);
    }

    public void NotEmpty(string option, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(option, "is required.");
    }

    public void AbsolutePath(string option, string? path, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            if (required) Add(option, "is required (an absolute path).");
            return;
        }
        if (!path.StartsWith('/')) Add(option, $"'{path}' is not an absolute path; start it with '/'.");
        else if (path.Any(char.IsControl)) Add(option, "contains control characters.");
    }

    public IPNetwork? Cidr(string option, string? cidr, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(cidr))
        {
            if (required) Add(option, "is required (a CIDR such as 10.32.0.0/24).");
            return null;
        }
        if (TryParseCidr(cidr, out var net)) return net;
        Add(option, $"'{cidr}' is not a CIDR; write it as network/prefix with the host bits zero, e.g. 10.200.0.0/16.");
        return null;
    }

    public IPAddress? Ip(string option, string? ip, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(ip))
        {
            if (required) Add(option, "is required (an IP address).");
            return null;
        }
        if (IPAddress.TryParse(ip, out var a) && (ip.Contains('.', StringComparison.Ordinal) || ip.Contains(':', StringComparison.Ordinal))) return a;
        Add(option, $"'{ip}' is not an IP address.");
        return null;
    }

    public void Url(string option, string? url, params string[] schemes)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            Add(option, "is required (a URL).");
            return;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || !schemes.Contains(u.Scheme, StringComparer.Ordinal) || string.IsNullOrEmpty(u.Host))
        {
            Add(option, $"'{url}' is not a {string.Join(" or ", schemes)} URL with a host, e.g. {schemes[0]}://10.0.0.11:2379.");
            return;
        }
        if (!u.IsDefaultPort || url.Count(c => c == ':') >= 2) Port(option, u.Port);
    }

    public void Overlap(string optionA, IPNetwork? a, string optionB, IPNetwork? b)
    {
        if (a is not { } x || b is not { } y) return;
        if (x.BaseAddress.AddressFamily != y.BaseAddress.AddressFamily) return;
        if (x.Contains(y.BaseAddress) || y.Contains(x.BaseAddress))
            Add(optionA, $"{x} overlaps {Owner}.{optionB} ({y}); pod and service ranges must not overlap — pick disjoint ranges, e.g. 10.200.0.0/16 and 10.32.0.0/24.");
    }

    public static bool TryParseCidr(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address)) return false;
        if (!IPNetwork.TryParse(text, out network)) return false;
        // Some runtimes mask host bits silently; a CIDR with host bits set is a typo, so refuse it.
        return network.BaseAddress.Equals(address);
    }
}
