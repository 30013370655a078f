using K8sBare.Cluster.Apply;
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

    /// <summary>
    /// The rendered admin kubeconfig (<c>render --out DIR</c> writes <c>DIR/admin.kubeconfig</c>) from which DI builds the
    /// <c>k8s.IKubernetes</c> it registers. Null: resolving <c>IKubernetes</c> fails with a message naming this option.
    /// </summary>
    public string? AdminKubeconfigPath { get; set; }

    /// <summary>How restarts roll (see <see cref="RolloutOptions"/>).</summary>
    public RolloutOptions Rollout { get; set; } = new();

    /// <summary>Overrides the kubeconfig's API server URL for the registered <c>IKubernetes</c> (https), e.g. one control-plane node.</summary>
    public Uri? ApiServer { get; set; }
}
