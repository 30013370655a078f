using K8sBare.Units.Flags;

namespace K8sBare.Cluster.Validation;

/// <summary>
/// Rules on <see cref="ClusterSpec.ExtraArgs"/>: each flag is checked against its component's rules at the
/// spec's version — removed flags are refused and deprecated ones warn (the tables in K8sBare.Units.Flags),
/// names and values must make one well-formed argv entry, and one flag may not be given twice (<c>v</c> and <c>--v</c>).
/// </summary>
internal static class ExtraArgsRules
{
    /// <summary>The components that take extra flags, by binary name.</summary>
    internal static readonly IReadOnlyDictionary<string, ComponentKind> Components = new Dictionary<string, ComponentKind>(StringComparer.Ordinal)
    {
        ["kube-apiserver"] = ComponentKind.KubeApiServer,
        ["kube-controller-manager"] = ComponentKind.KubeControllerManager,
        ["kube-scheduler"] = ComponentKind.KubeScheduler,
        ["kubelet"] = ComponentKind.Kubelet,
        ["kube-proxy"] = ComponentKind.KubeProxy,
        ["etcd"] = ComponentKind.Etcd,
        ["flanneld"] = ComponentKind.Flanneld,
    };

    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        foreach (var (component, args) in spec.ExtraArgs.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var at = $"extraArgs.{component}";
            if (component is null || !Components.TryGetValue(component, out var kind))
            {
                p.Error(ProblemCodes.ComponentUnknown, at, $"'{component}' is not a component that takes extra flags.", $"Use one of {string.Join(", ", Components.Keys)}.");
                continue;
            }

            if (args is null)
            {
                p.Error(ProblemCodes.Missing, at, $"The extra flags of {component} are null.", "Remove the entry or give flag: value pairs.");
                continue;
            }

            // "--v" and "v" are one flag: the argv would carry only the last one, silently.
            foreach (var same in args.Keys.Where(k => k is not null).GroupBy(RemovedFlags.Normalize, StringComparer.Ordinal).Where(g => g.Count() > 1))
                p.Error(ProblemCodes.FlagInvalid, $"{at}[{same.Order(StringComparer.Ordinal).Last()}]",
                    $"{string.Join(" and ", same.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))} are the same flag --{same.Key}; only one value would reach the command line.",
                    "Keep one of them.");

            var version = VersionOf(spec, kind);
            foreach (var (key, value) in args.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                var field = $"{at}[{key}]";
                if (!FlagList.IsFlagName(key) || key.Contains('=', StringComparison.Ordinal))
                {
                    p.Error(ProblemCodes.FlagInvalid, field, $"'{key}' is not a flag name.", "Use the flag name with or without dashes as the key (e.g. 'v' or '--v') and put its value in the value.");
                    continue;
                }

                if (!FlagList.IsFlagValue(value))
                    p.Error(ProblemCodes.FlagInvalid, field, $"The value of --{RemovedFlags.Normalize(key)} is null or has a newline or control character.", "Give a one-line value; use an empty string for a bare flag.");
                if (version is null) continue;
                if (RemovedFlags.Find(kind, key, version) is { } removed)
                    p.Error(ProblemCodes.FlagRemoved, field, removed.Describe(version) + ".", removed.Replacement + ".");
                else if (DeprecatedFlags.Find(kind, key, version) is { } deprecated)
                    p.Warning(ProblemCodes.FlagDeprecated, field, deprecated.Describe(version) + ".", deprecated.Replacement + ".");
            }
        }
    }

    /// <summary>The version whose flag table applies (null when the version itself is invalid; VersionRules reports that).</summary>
    private static Version? VersionOf(ClusterSpec spec, ComponentKind kind)
    {
        var text = kind switch
        {
            ComponentKind.Etcd => spec.Versions.Etcd,
            ComponentKind.Flanneld => spec.Versions.Flannel,
            _ => spec.Versions.Kubernetes,
        };
        return VersionNumber.TryParse(text, out var v) ? new Version(v.Major, v.Minor) : null;
    }
}
