namespace K8sBare.Cluster.Validation;

/// <summary>Rules on each node: name, addresses, roles, init system, SSH.</summary>
internal static class NodeRules
{
    private static readonly string[] Architectures = ["amd64", "arm64", "arm", "ppc64le", "s390x", "riscv64"];

    public static void Check(ClusterSpec spec, ValidationOptions options, ProblemCollector p)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var addresses = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < spec.Nodes.Count; i++)
        {
            var node = spec.Nodes[i];
            var at = $"nodes[{i}]";
            if (node is null)
            {
                p.Error(ProblemCodes.Missing, at, "The node is null.", "Remove the entry or describe the node.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(node.Name))
                p.Error(ProblemCodes.NodeNameMissing, $"{at}.name", "The node has no name.", "Give every node a unique DNS-label name, e.g. 'node-1'.");
            else if (!NetworkMath.IsDnsLabel(node.Name))
                p.Error(ProblemCodes.NodeNameInvalid, $"{at}.name", $"The node name '{node.Name}' is not a DNS label (it becomes the Kubernetes node name and a certificate CN).",
                    "Use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.");
            else if (names.TryGetValue(node.Name, out var first))
                p.Error(ProblemCodes.NodeNameDuplicate, $"{at}.name", $"Duplicate node name '{node.Name}' (also nodes[{first}]).", "Give every node a unique name.");
            else
                names[node.Name] = i;

            if (node.HostName is not null && (!NetworkMath.IsDnsName(node.HostName) || node.HostName.EndsWith('.')))
                p.Error(ProblemCodes.HostNameInvalid, $"{at}.hostName", $"The host name '{node.HostName}' of node '{node.Name}' is not a lowercase DNS name.",
                    "Use e.g. 'worker-1.example.com' (no trailing dot), or leave it unset when the node name is the host name.");

            CheckAddresses(node, i, addresses, p);

            if (node.Roles == NodeRoles.None)
                p.Error(ProblemCodes.RolesNone, $"{at}.roles", $"Node '{node.Name}' has no role.", "Give it control-plane, etcd and/or worker.");
            else if (((int)node.Roles & ~7) != 0)
                p.Error(ProblemCodes.UnknownValue, $"{at}.roles", $"Node '{node.Name}' has an unknown role value {(int)node.Roles}.", "Use control-plane, etcd and/or worker.");

            if (!Enum.IsDefined(node.InitSystem))
                p.Error(ProblemCodes.UnknownValue, $"{at}.init", $"Node '{node.Name}' has an unknown init system {(int)node.InitSystem}.", "Use systemd or openrc.");

            if (!Architectures.Contains(node.Architecture))
                p.Error(ProblemCodes.UnknownValue, $"{at}.arch", $"Node '{node.Name}' has an unknown architecture '{node.Architecture}'.", $"Use one of {string.Join(", ", Architectures)}.");

            if (node.ResolvConf is { } resolv && (!resolv.StartsWith('/') || resolv.Contains("/../", StringComparison.Ordinal) || resolv.Any(char.IsWhiteSpace)))
                p.Error(ProblemCodes.ResolvConfInvalid, $"{at}.resolvConf", $"Node '{node.Name}' has resolvConf '{resolv}', which is not an absolute path on the node.",
                    "Use an absolute path such as /etc/resolv.conf or /run/systemd/resolve/resolv.conf, or leave it unset to take it from the host.");

            CheckSsh(node, at, options, p);
        }
    }

    private static void CheckAddresses(NodeSpec node, int index, Dictionary<string, int> seen, ProblemCollector p)
    {
        var at = $"nodes[{index}]";
        if (node.Addresses is null || node.Addresses.Count == 0)
        {
            p.Error(ProblemCodes.AddressMissing, $"{at}.address", $"Node '{node.Name}' has no address.", "Set the node's cluster IP address, e.g. '10.0.0.11'.");
            return;
        }

        for (var j = 0; j < node.Addresses.Count; j++)
        {
            var a = node.Addresses[j];
            var field = j == 0 ? $"{at}.address" : $"{at}.addresses[{j}]";
            if (!NetworkMath.TryParseAnyIp(a, out var ip))
            {
                p.Error(ProblemCodes.AddressInvalid, field, $"'{a}' on node '{node.Name}' is not an IP address.", "Use a literal IPv4 or IPv6 address; host names go in ssh.host.");
                continue;
            }

            if (!NetworkMath.IsCanonical(a, ip))
            {
                p.Error(ProblemCodes.AddressNotCanonical, field,
                    $"'{a}' on node '{node.Name}' is not written canonically; Go components (kubelet --node-ip, etcd URLs) reject leading zeros or read them as octal.",
                    $"Write it as '{ip}' if that is the address meant.");
                continue;
            }

            if (System.Net.IPAddress.IsLoopback(ip) || ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any))
                p.Error(ProblemCodes.AddressLoopback, field, $"'{a}' on node '{node.Name}' is a loopback or wildcard address; other nodes cannot reach it.", "Use the node's address on the cluster network.");

            var key = ip.ToString();
            if (seen.TryGetValue(key, out var owner) && owner != index)
                p.Error(ProblemCodes.AddressDuplicate, field, $"Duplicate address {key}: node '{node.Name}' (nodes[{index}]) and nodes[{owner}].", "Give every node its own address.");
            else
                seen[key] = index;
        }
    }

    private static void CheckSsh(NodeSpec node, string at, ValidationOptions options, ProblemCollector p)
    {
        var ssh = node.Ssh;
        if (ssh is null)
        {
            if (options.RequireSsh) p.Error(ProblemCodes.Missing, $"{at}.ssh", $"Node '{node.Name}' has no SSH settings.", "Set ssh.user (and ssh.identityFile, or rely on ssh-agent with ssh.transport: openssh).");
            return;
        }

        if (ssh.Port is < 1 or > 65535)
            p.Error(ProblemCodes.SshPortInvalid, $"{at}.ssh.port", $"SSH port {ssh.Port} of node '{node.Name}' is out of range.", "Use 1–65535 (usually 22).");
        if (string.IsNullOrWhiteSpace(ssh.User) || ssh.User.Any(char.IsWhiteSpace))
            p.Error(ProblemCodes.SshUserInvalid, $"{at}.ssh.user", $"The SSH user '{ssh.User}' of node '{node.Name}' is empty or has spaces.", "Use 'root' or a user with passwordless sudo.");
        if (ssh.Host is not null && string.IsNullOrWhiteSpace(ssh.Host))
            p.Error(ProblemCodes.SshHostBlank, $"{at}.ssh.host", $"ssh.host of node '{node.Name}' is blank.", "Remove it (the node address is used) or set a host name or IP.");

        SshTransportRules.Check(node, at, p);
        if (!options.RequireSsh) return;
        if (string.IsNullOrWhiteSpace(ssh.IdentityFile))
            SshTransportRules.CheckWithoutKey(node, at, p);
        else if (options.CheckLocalFiles && !File.Exists(ExpandHome(ssh.IdentityFile)))
            p.Error(ProblemCodes.LocalFileMissing, $"{at}.ssh.identityFile", $"The SSH key '{ssh.IdentityFile}' of node '{node.Name}' does not exist on this machine.", "Point ssh.identityFile at an existing private key (ssh-keygen -t ed25519 creates one).");
        if (options.CheckLocalFiles && ssh.KnownHostsFile is { } kh && !File.Exists(ExpandHome(kh)))
            p.Error(ProblemCodes.LocalFileMissing, $"{at}.ssh.knownHostsFile", $"The known_hosts file '{kh}' of node '{node.Name}' does not exist.", "Create it (ssh-keyscan) or remove the setting.");
    }

    internal static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
