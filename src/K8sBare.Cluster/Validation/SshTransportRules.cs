namespace K8sBare.Cluster.Validation;

/// <summary>
/// What each SSH transport can connect with, so validation accepts exactly what the chosen transport accepts: OpenSSH
/// without a key file uses ssh_config, the agent and the default keys; SSH.NET needs a key file (it has no agent support).
/// </summary>
internal static class SshTransportRules
{
    /// <summary>Checks the transport value itself.</summary>
    public static void Check(NodeSpec node, string at, ProblemCollector p)
    {
        if (!Enum.IsDefined(node.Ssh.Transport))
            p.Error(ProblemCodes.UnknownValue, $"{at}.ssh.transport", $"Node '{node.Name}' has an unknown SSH transport {(int)node.Ssh.Transport}.", "Use openssh or sshnet (or leave it out: sshnet with a key file, openssh without).");
    }

    /// <summary>A node without <c>ssh.identityFile</c>: fine for OpenSSH (agent, ssh_config, default keys), refused for SSH.NET.</summary>
    public static void CheckWithoutKey(NodeSpec node, string at, ProblemCollector p)
    {
        if (node.Ssh.ResolvedTransport != SshTransport.SshNet) return;
        p.Error(ProblemCodes.SshKeyMissing, $"{at}.ssh.identityFile",
            $"Node '{node.Name}' uses the SSH.NET transport but has no ssh.identityFile; SSH.NET cannot use ssh-agent, hardware-token keys or ssh_config.",
            "Set ssh.identityFile to a private key file authorised on the node, or set ssh.transport: openssh (builder: UseOpenSsh()) to use the agent, ssh_config and the default keys.");
    }
}
