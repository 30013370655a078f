namespace K8sBare.Testing;
using Xunit;

/// <summary>
/// A fact that needs external tools (and optionally root). Outside CI a missing requirement skips the
/// test with a reason; under CI (<c>CI=true</c>) it never skips: the test runs and fails loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(params string[] tools)
    {
        Tools = tools;
        Skip = Requirements.SkipReason(tools, needsRoot: false);
    }

    /// <summary>The tools this test needs on PATH.</summary>
    public IReadOnlyList<string> Tools { get; }

    /// <summary>Set to true when the test must run as root (testbed, namespaces, nspawn).</summary>
    public bool Root
    {
        get => _root;
        set { _root = value; Skip = Requirements.SkipReason(Tools, value); }
    }

    private bool _root;
}

/// <summary>The theory counterpart of <see cref="RequiresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    public RequiresTheoryAttribute(params string[] tools)
    {
        Tools = tools;
        Skip = Requirements.SkipReason(tools, needsRoot: false);
    }

    /// <summary>The tools this test needs on PATH.</summary>
    public IReadOnlyList<string> Tools { get; }

    /// <summary>Set to true when the test must run as root.</summary>
    public bool Root
    {
        get => _root;
        set { _root = value; Skip = Requirements.SkipReason(Tools, value); }
    }

    private bool _root;
}

internal static class Requirements
{
    public static string? SkipReason(IReadOnlyList<string> tools, bool needsRoot)
    {
        if (TestEnvironment.IsCI) return null; // under CI: run, and fail if something is missing
        var missing = tools.Where(t => TestEnvironment.FindTool(t) is null).ToList();
        var reasons = new List<string>();
        if (missing.Count > 0) reasons.Add($"missing tools: {string.Join(", ", missing)} (./test.sh installs them)");
        if (needsRoot && !TestEnvironment.IsRoot) reasons.Add("needs root (network namespaces / containers)");
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }
}
