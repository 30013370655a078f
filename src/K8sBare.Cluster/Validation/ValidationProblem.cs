namespace K8sBare.Cluster.Validation;

/// <summary>One problem found in a <see cref="ClusterSpec"/>.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Field">The field path, e.g. <c>nodes[1].address</c> or <c>network.dnsServiceIp</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Fix">How to fix it.</param>
/// <param name="Code">The rule that found it, one of <see cref="ProblemCodes"/> (stable across releases).</param>
public sealed record ValidationProblem(ValidationSeverity Severity, string Field, string Message, string Fix, string Code)
{
    /// <summary>One line: severity, field, message, fix and the rule's code.</summary>
    public override string ToString() =>
        $"{(Severity == ValidationSeverity.Error ? "error" : "warning")}: {Field}: {Message} Fix: {Fix} [{Code}]";
}
