namespace K8sBare.Cluster;

/// <summary>Which SSH client reaches a node (see <see cref="SshSettings.Transport"/>).</summary>
public enum SshTransport
{
    /// <summary>SSH.NET when an identity file is given, otherwise OpenSSH (which can use ssh_config, the agent and the default keys).</summary>
    Auto,

    /// <summary>
    /// The system OpenSSH client (<c>ssh</c>, one ControlMaster per host): honours ssh_config, ssh-agent and hardware-token
    /// keys, the default keys (<c>~/.ssh/id_*</c>) and ProxyJump. Needs an <c>ssh</c> binary.
    /// </summary>
    OpenSsh,

    /// <summary>
    /// The in-process SSH.NET client: no <c>ssh</c> binary needed (Windows, LINQPad, containers). Needs
    /// <see cref="SshSettings.IdentityFile"/> (no agent support) and does not read ssh_config.
    /// </summary>
    SshNet,
}
