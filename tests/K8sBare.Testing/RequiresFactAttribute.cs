namespace K8sBare.Testing;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

/// <summary>
/// A fact that needs external tools (and optionally root). Outside CI a missing requirement skips the
/// test with a reason; under CI (<c>CI=true</c>) it never skips: the test fails at once with a message that
/// names what is missing (a tool, or root), instead of failing somewhere inside with an unrelated error.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("K8sBare.Testing.RequiresFactDiscoverer", "K8sBare.Testing")]
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
[XunitTestCaseDiscoverer("K8sBare.Testing.RequiresTheoryDiscoverer", "K8sBare.Testing")]
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
    public static string? SkipReason(IReadOnlyList<string> tools, bool needsRoot) =>
        TestEnvironment.IsCI ? null : Unmet(tools, needsRoot); // under CI: never skip (the discoverers fail instead)

    /// <summary>What is missing here, or null.</summary>
    public static string? Unmet(IReadOnlyList<string> tools, bool needsRoot)
    {
        var missing = tools.Where(t => TestEnvironment.FindTool(t) is null).ToList();
        var reasons = new List<string>();
        if (missing.Count > 0) reasons.Add($"missing tools: {string.Join(", ", missing)} (./test.sh installs them)");
        if (needsRoot && !TestEnvironment.IsRoot) reasons.Add("needs root (network namespaces / containers)");
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <summary>Under CI, the unmet requirement of a test as a failure message; otherwise null.</summary>
    public static string? CiFailure(IAttributeInfo attribute)
    {
        if (!TestEnvironment.IsCI) return null;
        var args = attribute.GetConstructorArguments().ToList();
        var tools = args.Count > 0 && args[0] is string[] t ? t : [];
        var unmet = Unmet(tools, attribute.GetNamedArgument<bool>("Root"));
        return unmet is null ? null : $"requirement not met under CI (CI=true): {unmet}";
    }
}

/// <summary>Discovers <see cref="RequiresFactAttribute"/> tests: under CI an unmet requirement is a named failure.</summary>
public sealed class RequiresFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        Requirements.CiFailure(factAttribute) is { } failure
            ? [new ExecutionErrorTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, failure)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Discovers <see cref="RequiresTheoryAttribute"/> tests: under CI an unmet requirement is a named failure.</summary>
public sealed class RequiresTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        Requirements.CiFailure(theoryAttribute) is { } failure
            ? [new ExecutionErrorTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, failure)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}
