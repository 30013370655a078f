namespace K8sBare.Cluster.Validation;

/// <summary>Every problem found in a spec, errors and warnings, in a stable order.</summary>
public sealed record ValidationReport
{
    /// <summary>All problems.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; init; } = [];

    /// <summary>The errors.</summary>
    public IEnumerable<ValidationProblem> Errors => Problems.Where(p => p.Severity == ValidationSeverity.Error);

    /// <summary>The warnings.</summary>
    public IEnumerable<ValidationProblem> Warnings => Problems.Where(p => p.Severity == ValidationSeverity.Warning);

    /// <summary>True when there is no error (warnings allowed).</summary>
    public bool IsValid => !Errors.Any();

    /// <summary>Throws <see cref="ClusterValidationException"/> listing every error when there is one.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new ClusterValidationException(this);
    }

    /// <summary>One problem per line.</summary>
    public override string ToString() => string.Join("\n", Problems.Select(p => p.ToString()));
}
