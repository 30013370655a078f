namespace K8sBare.Units.Components;

/// <summary>One kube-apiserver behind the HA endpoint.</summary>
/// <param name="Name">A label (host name), used as the server name in the proxy config.</param>
/// <param name="Address">The apiserver's IP address.</param>
/// <param name="Port">Its secure port.</param>
public sealed record ApiServerBackend(string Name, string Address, int Port = 6443);
