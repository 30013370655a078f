namespace K8sBare.Cluster.Kubernetes;

/// <summary>How <see cref="ServerSideApply.ApplyManifestAsync"/> applies.</summary>
public sealed record ServerSideApplyOptions
{
    /// <summary>The field manager recorded in <c>metadata.managedFields</c>. Default <c>k8sbare</c>.</summary>
    public string FieldManager { get; init; } = "k8sbare";

    /// <summary>Take over fields another manager owns (<c>force=true</c>), as kubectl apply --server-side --force-conflicts does. Default true: the rendered manifests are the source of truth.</summary>
    public bool Force { get; init; } = true;

    /// <summary>The namespace for namespaced documents that name none. Default <c>default</c>.</summary>
    public string DefaultNamespace { get; init; } = "default";
}
