namespace K8sBare.Units;

/// <summary>
/// One row of <see cref="KubernetesVersionRules"/>: something K8sBare renders differently from
/// <see cref="Since"/> on (true at and after it, false before).
/// </summary>
/// <param name="Name">A stable identifier, e.g. <c>scheduler-config-v1</c>.</param>
/// <param name="Since">The first Kubernetes minor version the rule applies to.</param>
/// <param name="Before">What is rendered or true before <see cref="Since"/>.</param>
/// <param name="After">What is rendered or true from <see cref="Since"/> on.</param>
/// <param name="Source">The upstream source of the fact (changelog, KEP or pull request).</param>
public sealed record KubernetesVersionRule(string Name, KubernetesVersion Since, string Before, string After, string Source)
{
    /// <summary>True when <paramref name="version"/> is at least <see cref="Since"/>.</summary>
    /// <param name="version">A Kubernetes minor version.</param>
    public bool AppliesTo(KubernetesVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version >= Since;
    }
}
