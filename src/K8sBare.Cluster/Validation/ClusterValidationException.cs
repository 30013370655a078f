namespace K8sBare.Cluster.Validation;

/// <summary>Thrown when a spec with errors is rendered or applied; lists every problem.</summary>
public sealed class ClusterValidationException : ClusterException
{
    /// <summary>Creates the exception from a report.</summary>
    /// <param name="report">The report with at least one error.</param>
    public ClusterValidationException(ValidationReport report)
        : base(BuildMessage(report)) => Report = report;

    /// <summary>The full report (errors and warnings).</summary>
    public ValidationReport Report { get; }

    private static string BuildMessage(ValidationReport report)
    {
        var errors = report.Errors.ToList();
        return $"The cluster spec has {errors.Count} error(s); nothing was changed on any host:\n"
            + string.Join("\n", errors.Select(e => "  " + e));
    }
}
