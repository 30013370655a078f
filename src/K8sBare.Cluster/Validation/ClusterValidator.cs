namespace K8sBare.Cluster.Validation;

/// <summary>Runs every rule over a spec. Pure: reads no host, only (optionally) local files.</summary>
internal static class ClusterValidator
{
    public static ValidationReport Validate(ClusterSpec spec, ValidationOptions options)
    {
        var problems = new ProblemCollector();
        ClusterRules.Check(spec, problems);
        NodeRules.Check(spec, options, problems);
        NetworkRules.Check(spec, problems);
        VersionRules.Check(spec, problems);
        ApiEndpointRules.Check(spec, problems);
        BinaryRules.Check(spec, options, problems);
        return new ValidationReport { Problems = problems.Problems.ToList() };
    }
}
