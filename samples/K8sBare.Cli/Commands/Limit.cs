namespace K8sBare.Cli.Commands;

/// <summary>Parses <c>--limit</c> values: repeatable and comma-separated host names.</summary>
internal static class Limit
{
    public static IReadOnlyList<string>? Parse(string[]? values) =>
        values is { Length: > 0 } ? values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList() : null;
}
