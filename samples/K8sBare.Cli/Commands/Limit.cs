using System.CommandLine;

namespace K8sBare.Cli.Commands;

/// <summary>The <c>--limit</c> option (one home for every verb that scopes to hosts): repeatable and comma-separated host names.</summary>
internal static class Limit
{
    /// <summary>A new <c>--limit</c> / <c>-l</c> option (System.CommandLine binds an option instance to one command).</summary>
    public static Option<string[]> Option() => new("--limit", "-l")
    {
        Description = "Only these hosts (repeatable or comma-separated; like Ansible's --limit): the others are not contacted and may be down.",
        AllowMultipleArgumentsPerToken = true,
    };

    public static IReadOnlyList<string>? Parse(string[]? values) =>
        values is { Length: > 0 } ? values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList() : null;
}
