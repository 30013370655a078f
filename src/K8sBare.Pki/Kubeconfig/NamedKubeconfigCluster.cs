namespace K8sBare.Pki.Kubeconfig;

/// <summary>An entry of <c>clusters:</c>.</summary>
/// <param name="Name">The cluster name.</param>
/// <param name="Cluster">The cluster.</param>
public sealed record NamedKubeconfigCluster(string Name, KubeconfigCluster Cluster);
