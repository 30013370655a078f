namespace K8sBare.Pki.Kubeconfig;

/// <summary>An entry of <c>users:</c>.</summary>
/// <param name="Name">The user entry name.</param>
/// <param name="User">The credentials.</param>
public sealed record NamedKubeconfigUser(string Name, KubeconfigUser User);
