namespace K8sBare.Cluster.Validation;

/// <summary>Collects problems while the rules run.</summary>
internal sealed class ProblemCollector
{
    private readonly List<ValidationProblem> _problems = [];

    public IReadOnlyList<ValidationProblem> Problems => _problems;

    public void Error(string field, string message, string fix) =>
        _problems.Add(new ValidationProblem(ValidationSeverity.Error, field, message, fix));

    public void Warning(string field, string message, string fix) =>
        _problems.Add(new ValidationProblem(ValidationSeverity.Warning, field, message, fix));
}
