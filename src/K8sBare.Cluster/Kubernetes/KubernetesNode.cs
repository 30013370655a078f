namespace K8sBare.Cluster.Kubernetes;

/// <summary>A node as the drain/replace procedures need it.</summary>
public sealed record KubernetesNode
{
    /// <summary>The node name.</summary>
    public required string Name { get; init; }

    /// <summary>True when the Ready condition is True.</summary>
    public required bool Ready { get; init; }

    /// <summary>True when cordoned.</summary>
    public bool Unschedulable { get; init; }

    /// <summary>The InternalIP address, if reported.</summary>
    public string? InternalIP { get; init; }

    /// <summary>The kubelet version, e.g. v1.32.3.</summary>
    public string? KubeletVersion { get; init; }

    /// <summary>spec.podCIDR.</summary>
    public string? PodCidr { get; init; }

    /// <summary>Labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints as key[=value]:effect.</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    /// <summary>metadata.resourceVersion.</summary>
    public string? ResourceVersion { get; init; }
}
