namespace K8sBare.Cluster.Validation;

/// <summary>Runs every rule over a spec. Pure: reads no host, only (optionally) local files.</summary>
internal static class ClusterValidator
{
    public static ValidationReport Validate(ClusterSpec spec, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ProblemCollector();
        // Null parts (from `Network = null`, `nodes: [~]`, a null! name…) are reported, then replaced by their
        // defaults so the remaining rules run on a complete spec and every other problem is reported too.
        spec = SpecNulls.Report(spec, problems);
        ClusterRules.Check(spec, options, problems);
        NodeRules.Check(spec, options, problems);
        LabelRules.Check(spec, problems);
        NetworkRules.Check(spec, problems);
        VersionRules.Check(spec, problems);
        ApiEndpointRules.Check(spec, problems);
        PortRules.Check(spec, problems);
        BinaryRules.Check(spec, options, problems);
        PkiRules.Check(spec, problems);
        ExtraArgsRules.Check(spec, problems);
        return new ValidationReport { Problems = problems.Problems.ToList() };
    }
}
