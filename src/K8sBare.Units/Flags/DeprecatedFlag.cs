namespace K8sBare.Units.Flags;

/// <summary>A command-line flag a component still accepts but has deprecated from <see cref="DeprecatedIn"/> on.</summary>
/// <param name="Component">The component.</param>
/// <param name="Flag">Flag name without dashes, e.g. <c>pod-infra-container-image</c>.</param>
/// <param name="DeprecatedIn">First version whose help text marks the flag deprecated (Kubernetes, etcd or flannel version).</param>
/// <param name="Replacement">What to use instead.</param>
/// <param name="Source">Upstream reference (PR, changelog or the flag's help text).</param>
public sealed record DeprecatedFlag(ComponentKind Component, string Flag, Version DeprecatedIn, string Replacement, string Source)
{
    /// <summary>The warning text for a caller who asked for this flag on <paramref name="target"/>.</summary>
    /// <param name="target">The component version the flag is rendered for.</param>
    public string Describe(Version target) =>
        $"--{Flag} is deprecated in {ComponentNames.Binary(Component)} since {RemovedFlag.VersionName(Component)} " +
        $"{DeprecatedIn.Major}.{DeprecatedIn.Minor} (target is {target.Major}.{target.Minor}); {Replacement} [{Source}]";
}
