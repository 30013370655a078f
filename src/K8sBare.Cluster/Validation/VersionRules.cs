using K8sBare.Units;

namespace K8sBare.Cluster.Validation;

/// <summary>Rules on component versions and their pairings (components.md §0, §6–§10).</summary>
internal static class VersionRules
{
    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        var v = spec.Versions;
        var k8sOk = Parse(v.Kubernetes, "versions.kubernetes", "1.32.3", p, out var k8s);
        var etcdOk = Parse(v.Etcd, "versions.etcd", "3.5.21", p, out var etcd);
        var ctrdOk = Parse(v.Containerd, "versions.containerd", "2.1.0", p, out var ctrd);
        var flOk = Parse(v.Flannel, "versions.flannel", "0.26.7", p, out var flannel);
        var dnsOk = Parse(v.CoreDns, "versions.coreDns", "1.12.0", p, out var coredns);
        var cniOk = Parse(v.CniPlugins, "versions.cniPlugins", "1.6.2", p, out var cni);

        var minor = k8sOk ? new KubernetesVersion(k8s.Major, k8s.Minor) : null;
        if (minor is not null && !minor.IsSupported)
            p.Error(ProblemCodes.VersionUnsupported, "versions.kubernetes", $"Kubernetes {v.Kubernetes} is not supported; K8sBare renders flags and configs for {KubernetesVersion.MinSupported}–{KubernetesVersion.MaxSupported}.",
                $"Use a {KubernetesVersion.MinSupported}–{KubernetesVersion.MaxSupported} release, e.g. 1.32.3.");
        else if (minor is not null && !minor.IsMaintained)
            p.Warning(ProblemCodes.VersionEndOfLife, "versions.kubernetes", $"Kubernetes {v.Kubernetes} is end of life upstream (no security fixes); K8sBare renders what a {minor} binary accepts, for clusters that run it today.",
                $"Plan an upgrade to a maintained release ({KubernetesVersionRules.Maintained.Since}–{KubernetesVersion.MaxSupported}).");

        if (etcdOk)
        {
            if (etcd.Major != 3 || etcd < new VersionNumber(3, 4, 0))
                p.Error(ProblemCodes.VersionUnsupported, "versions.etcd", $"etcd {v.Etcd} is not supported: the apiserver and flannel ≥ 0.18 need the etcd v3 API with the /v3 gateway (3.4+).", "Use etcd 3.5 or 3.6.");
            else if (etcd < new VersionNumber(3, 5, 0))
                p.Warning(ProblemCodes.VersionOld, "versions.etcd", $"etcd {v.Etcd} is older than the supported 3.5; Kubernetes 1.30+ is tested against 3.5/3.6.", "Use etcd 3.5.x (Kubernetes 1.30–1.33) or 3.6.x (1.34).");
            else if (etcd >= new VersionNumber(3, 7, 0))
                p.Error(ProblemCodes.VersionUnsupported, "versions.etcd", $"etcd {v.Etcd} is newer than K8sBare knows (3.5, 3.6).", "Use etcd 3.5.x or 3.6.x.");
            else if (k8sOk && etcd >= new VersionNumber(3, 6, 0) && k8s < new VersionNumber(1, 33, 0))
                p.Warning(ProblemCodes.VersionPairing, "versions.etcd", $"etcd {v.Etcd} with Kubernetes {v.Kubernetes} is not a pairing kubeadm ships (1.31–1.33 use 3.5.x, 1.34 uses 3.6.x).", "Use etcd 3.5.x with this Kubernetes version.");
        }

        if (ctrdOk && (ctrd < new VersionNumber(1, 6, 0) || ctrd.Major > 2))
            p.Error(ProblemCodes.VersionUnsupported, "versions.containerd", $"containerd {v.Containerd} is not supported: K8sBare renders config version 2 (read by containerd 1.6 and 1.7) or 3 (2.x); older releases and 3.x are not known.",
                "Use containerd 1.7.x or 2.x (1.6.x is accepted with a warning).");
        else if (ctrdOk && ctrd < new VersionNumber(1, 7, 0))
            p.Warning(ProblemCodes.VersionOld, "versions.containerd", $"containerd {v.Containerd} is end of life upstream; it reads the version-2 config K8sBare renders for the 1.x line.",
                "Use containerd 1.7.x (or 2.x with Kubernetes 1.23+).");
        if (ctrdOk && minor is not null && ctrd.Major >= 2 && !KubernetesVersionRules.KubeletCriV1.AppliesTo(minor))
            p.Error(ProblemCodes.VersionPairing, "versions.containerd", $"containerd {v.Containerd} serves only CRI runtime.v1, which a Kubernetes {minor} kubelet does not speak (it needs runtime.v1alpha2, served by containerd 1.6/1.7).",
                $"Use containerd 1.7.x with Kubernetes {minor}, or Kubernetes {KubernetesVersionRules.KubeletCriV1.Since}+ with containerd 2.x.");

        if (flOk)
        {
            if (flannel < new VersionNumber(0, 18, 0))
                p.Error(ProblemCodes.VersionUnsupported, "versions.flannel", $"flannel {v.Flannel} speaks only the etcd v2 API, which etcd 3.4+ disables and 3.6 removed.", "Use flannel 0.25 or newer.");
            else if (flannel < new VersionNumber(0, 25, 0))
                p.Warning(ProblemCodes.VersionOld, "versions.flannel", $"flannel {v.Flannel} is older than the supported 0.25.", "Use flannel 0.25 or newer.");
        }

        if (dnsOk)
        {
            if (coredns < new VersionNumber(1, 7, 0))
                p.Error(ProblemCodes.VersionUnsupported, "versions.coreDns", $"CoreDNS {v.CoreDns} predates the Corefile K8sBare renders (forward, ready; 'upstream' removed in 1.7).", "Use CoreDNS 1.11 or newer.");
            else if (coredns < new VersionNumber(1, 11, 0))
                p.Warning(ProblemCodes.VersionOld, "versions.coreDns", $"CoreDNS {v.CoreDns} is older than the supported 1.11.", "Use CoreDNS 1.11 or newer.");
        }

        if (cniOk && cni.Major != 1)
            p.Error(ProblemCodes.VersionUnsupported, "versions.cniPlugins", $"CNI plugins {v.CniPlugins} are not supported (flannel moved out in 1.0; 0.x lacks current cniVersion support).", "Use CNI plugins 1.x, e.g. 1.6.2.");

        if (spec.Flannel.Backend == FlannelBackend.WireGuard && flOk && flannel < new VersionNumber(0, 25, 0))
            p.Error(ProblemCodes.VersionUnsupported, "flannel.backend", "The wireguard backend needs flannel 0.25+ as K8sBare renders it.", "Upgrade flannel or use vxlan.");
    }

    private static bool Parse(string text, string field, string example, ProblemCollector p, out VersionNumber version)
    {
        if (VersionNumber.TryParse(text, out version)) return true;
        p.Error(ProblemCodes.VersionInvalid, field, $"'{text}' is not a version number.", $"Use MAJOR.MINOR.PATCH (optionally -prerelease or +build, no spaces), e.g. '{example}'.");
        return false;
    }
}
