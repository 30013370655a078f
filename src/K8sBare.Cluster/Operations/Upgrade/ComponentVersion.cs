using K8sBare.Units;

namespace K8sBare.Cluster.Operations;

/// <summary>One Kubernetes component's version on one host (a point in an upgrade).</summary>
/// <param name="Host">The node.</param>
/// <param name="Component">kube-apiserver, kube-controller-manager, kube-scheduler, kubelet or kube-proxy.</param>
/// <param name="Version">Its minor version.</param>
public sealed record ComponentVersion(string Host, string Component, KubernetesVersion Version);
