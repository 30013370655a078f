namespace K8sBare.Cluster.Validation;

/// <summary>How serious a validation problem is.</summary>
public enum ValidationSeverity
{
    /// <summary>The spec works but probably not as intended; apply proceeds.</summary>
    Warning,

    /// <summary>The spec cannot be rendered or applied; nothing touches a host.</summary>
    Error,
}
