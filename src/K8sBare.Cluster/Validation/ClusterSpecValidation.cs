namespace K8sBare.Cluster.Validation;

/// <summary>Checking a <see cref="ClusterSpec"/> (the spec itself stays free of the rules that check it).</summary>
public static class ClusterSpecValidation
{
    /// <summary>Checks the spec and returns every problem at once (errors and warnings).</summary>
    /// <param name="spec">The cluster to check.</param>
    /// <param name="options">What to check; null checks everything needed to apply.</param>
    /// <returns>Every problem found; <see cref="ValidationReport.IsValid"/> when there is no error.</returns>
    public static ValidationReport Validate(this ClusterSpec spec, ValidationOptions? options = null) =>
        ClusterValidator.Validate(spec, options ?? ValidationOptions.ForApply);
}
