namespace K8sBare.Units;

/// <summary>One problem found by a <c>Validate()</c> call: which option, what is wrong and how to fix it.</summary>
/// <param name="Option">The option's name as the caller sees it, e.g. <c>KubeApiServerOptions.SecurePort</c>.</param>
/// <param name="Message">What is wrong and the fix.</param>
public sealed record OptionProblem(string Option, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Option}: {Message}";
}
