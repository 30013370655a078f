using K8sBare.Units;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// Kubernetes' version skew policy (kubernetes.io/releases/version-skew-policy/, "Supported version skew" and
/// "Supported component upgrade order"): in an HA control plane the newest and oldest kube-apiserver are within one
/// minor version; kube-controller-manager and kube-scheduler are not newer than any kube-apiserver and at most one
/// minor older; kubelet and kube-proxy are not newer than any kube-apiserver and at most three minor versions older
/// (two when the oldest kube-apiserver is older than 1.28); kube-proxy is within three minors of the kubelet on its node.
/// An upgrade moves one minor version at a time, kube-apiservers first.
/// </summary>
public static class VersionSkewPolicy
{
    private static readonly string[] ControlPlane = ["kube-controller-manager", "kube-scheduler"];
    private static readonly string[] NodeComponents = ["kubelet", "kube-proxy"];

    /// <summary>The kubelet/kube-proxy skew allowed below the oldest kube-apiserver.</summary>
    /// <param name="oldestApiServer">The oldest kube-apiserver.</param>
    /// <returns>3 from 1.28 on, 2 before.</returns>
    public static int NodeSkew(KubernetesVersion oldestApiServer)
    {
        ArgumentNullException.ThrowIfNull(oldestApiServer);
        return oldestApiServer.AtLeast(new KubernetesVersion(1, 28)) ? 3 : 2;
    }

    /// <summary>Checks one state of a cluster against the policy.</summary>
    /// <param name="versions">Every component on every host.</param>
    /// <returns>The violations, each naming host, component, versions and the rule (empty when the state is allowed).</returns>
    public static IReadOnlyList<string> Check(IReadOnlyList<ComponentVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var problems = new List<string>();
        var apis = versions.Where(v => v.Component == "kube-apiserver").ToList();
        if (apis.Count == 0) return problems;
        var newest = apis.Max(v => v.Version)!;
        var oldest = apis.Min(v => v.Version)!;
        if (Minor(newest) - Minor(oldest) > 1)
            problems.Add($"kube-apiservers span {oldest} to {newest}: the newest and oldest must be within 1 minor version.");
        foreach (var v in versions.Where(v => ControlPlane.Contains(v.Component)))
        {
            if (v.Version > oldest) problems.Add($"{v.Host}: {v.Component} {v.Version} is newer than kube-apiserver {oldest}: it must not be newer than any kube-apiserver.");
            else if (Minor(newest) - Minor(v.Version) > 1) problems.Add($"{v.Host}: {v.Component} {v.Version} is more than 1 minor version older than kube-apiserver {newest}.");
        }
        var nodeSkew = NodeSkew(oldest);
        foreach (var v in versions.Where(v => NodeComponents.Contains(v.Component)))
        {
            if (v.Version > oldest) problems.Add($"{v.Host}: {v.Component} {v.Version} is newer than kube-apiserver {oldest}: it must not be newer than any kube-apiserver.");
            else if (Minor(oldest) - Minor(v.Version) > nodeSkew) problems.Add($"{v.Host}: {v.Component} {v.Version} is more than {nodeSkew} minor versions older than kube-apiserver {oldest}.");
        }
        foreach (var proxy in versions.Where(v => v.Component == "kube-proxy"))
            if (versions.FirstOrDefault(v => v.Host == proxy.Host && v.Component == "kubelet") is { } kubelet && Math.Abs(Minor(kubelet.Version) - Minor(proxy.Version)) > 3)
                problems.Add($"{proxy.Host}: kube-proxy {proxy.Version} and kubelet {kubelet.Version} are more than 3 minor versions apart.");
        return problems;
    }

    /// <summary>Checks an upgrade's target against where the cluster is: one minor step at a time, never down.</summary>
    /// <param name="from">The kube-apiservers' version today.</param>
    /// <param name="to">The target.</param>
    /// <returns>The problems (empty when allowed).</returns>
    public static IReadOnlyList<string> CheckStep(KubernetesVersion from, KubernetesVersion to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (to < from) return [$"{from} → {to} is a downgrade: Kubernetes supports upgrades only."];
        if (Minor(to) - Minor(from) > 1) return [$"{from} → {to} skips minor versions: upgrade one minor version at a time ({from} → {new KubernetesVersion(from.Major, from.Minor + 1)} first)."];
        if (!to.IsSupported) return [$"Kubernetes {to} is not supported; use {KubernetesVersion.MinSupported} to {KubernetesVersion.MaxSupported}."];
        return [];
    }

    private static int Minor(KubernetesVersion v) => v.Major * 1000 + v.Minor;
}
