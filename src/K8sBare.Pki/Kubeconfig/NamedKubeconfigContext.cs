namespace K8sBare.Pki.Kubeconfig;

/// <summary>An entry of <c>contexts:</c>.</summary>
/// <param name="Name">The context name.</param>
/// <param name="Context">The context.</param>
public sealed record NamedKubeconfigContext(string Name, KubeconfigContext Context);
