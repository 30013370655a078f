namespace K8sBare.Units.Components;

/// <summary>A taint the kubelet registers its node with (<c>registerWithTaints</c>), e.g. for control-plane nodes.</summary>
/// <param name="Key">Taint key, e.g. <c>node-role.kubernetes.io/control-plane</c>.</param>
/// <param name="Effect"><c>NoSchedule</c>, <c>PreferNoSchedule</c> or <c>NoExecute</c>.</param>
/// <param name="Value">Optional value.</param>
public sealed record NodeTaint(string Key, string Effect = "NoSchedule", string? Value = null)
{
    /// <summary>The usual control-plane taint.</summary>
    public static NodeTaint ControlPlane { get; } = new("node-role.kubernetes.io/control-plane");
}
