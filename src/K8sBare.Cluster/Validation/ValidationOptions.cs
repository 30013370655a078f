namespace K8sBare.Cluster.Validation;

/// <summary>What <see cref="ClusterSpecValidation.Validate"/> checks beyond the spec itself.</summary>
public sealed record ValidationOptions
{
    /// <summary>
    /// Check files on this machine that applying needs (SSH keys, local binaries). Rendering does not
    /// need them, so <see cref="ForRender"/> turns this off.
    /// </summary>
    public bool CheckLocalFiles { get; init; } = true;

    /// <summary>Require SSH settings good enough to connect (a key per node).</summary>
    public bool RequireSsh { get; init; } = true;

    /// <summary>Everything needed before applying to real hosts.</summary>
    public static ValidationOptions ForApply { get; } = new();

    /// <summary>Everything needed to render offline (no SSH keys, no local files).</summary>
    public static ValidationOptions ForRender { get; } = new() { CheckLocalFiles = false, RequireSsh = false };
}
