namespace K8sBare.Remote.Commands;

/// <summary>When commands run through <c>sudo -n</c> (like Ansible's become).</summary>
public enum BecomeMode
{
    /// <summary>Use sudo only when the login user is not root.</summary>
    Auto,

    /// <summary>Never use sudo; run as the login user.</summary>
    Never,

    /// <summary>Always use sudo, even as root.</summary>
    Always,
}
