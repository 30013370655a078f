namespace K8sBare.Cluster.Validation;

/// <summary>Collects problems while the rules run.</summary>
internal sealed class ProblemCollector
{
    private readonly List<ValidationProblem> _problems = [];

    public IReadOnlyList<ValidationProblem> Problems => _problems;

    /// <summary>Adds an error found by rule <paramref name="code"/> (one of <see cref="ProblemCodes"/>).</summary>
    public void Error(string code, string field, string message, string fix) =>
        _problems.Add(new ValidationProblem(ValidationSeverity.Error, field, message, fix, code));

    /// <summary>Adds a warning found by rule <paramref name="code"/> (one of <see cref="ProblemCodes"/>).</summary>
    public void Warning(string code, string field, string message, string fix) =>
        _problems.Add(new ValidationProblem(ValidationSeverity.Warning, field, message, fix, code));
}
