using K8sBare.Remote.Transports;

namespace K8sBare.Cluster.DependencyInjection;

/// <summary>Settings for <see cref="K8sBareServiceCollectionExtensions.AddK8sBare"/>.</summary>
public sealed class K8sBareOptions
{
    /// <summary>The local PKI store used by <see cref="K8sBareClient"/>.</summary>
    public string PkiDirectory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".k8sbare", "pki");

    /// <summary>How SSH host keys are verified.</summary>
    public HostKeyPolicy HostKeyPolicy { get; set; } = HostKeyPolicy.Strict;

    /// <summary>When set, hosts are folders under this path (render-to-folder / dry runs) instead of SSH.</summary>
    public string? FolderRoot { get; set; }
}
