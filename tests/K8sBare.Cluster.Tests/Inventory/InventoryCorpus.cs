using K8sBare.Cluster.Validation;

namespace K8sBare.Cluster.Tests.Inventory;

/// <summary>
/// Malformed inventories, each with the key path and rule (<see cref="ProblemCodes"/>) the error must name — from
/// the inventory reader (shape) or from validation (meaning). Each is a change to a small valid inventory.
/// </summary>
internal static class InventoryCorpus
{
    public sealed record Case(string Name, string Yaml, string Path, string Code, int Line = 0);

    public const string Nodes = """
        nodes:
          - name: master
            address: 10.0.0.10
            roles: [control-plane, etcd]
          - name: node-1
            address: 10.0.0.11
            roles: [worker]
        """;

    /// <summary>The base inventory with <paramref name="head"/> before the node list.</summary>
    private static string With(string head) => head + "\n" + Nodes + "\n";

    public static readonly IReadOnlyList<Case> All =
    [
        // Reported examples (issue 13 §6).
        new("a null node", "nodes: [~]\n", "nodes[0]", ProblemCodes.Missing, 1),
        new("a null role", "nodes: [ { name: a, address: 10.0.0.1, roles: [~] } ]\n", "nodes[0].roles[0]", ProblemCodes.Missing, 1),
        new("a null binary", With("binaries: {etcd: ~}"), "binaries.etcd", ProblemCodes.Missing, 1),
        new("a word where a port number belongs", With("apiEndpoint:\n  port: sixty-four-forty-three"), "apiEndpoint.port", ProblemCodes.InventoryWrongType, 2),
        new("a list at the root", "- name: master\n- name: node-1\n", "(root)", ProblemCodes.InventoryWrongType, 1),
        new("a binary file", "name: x\n\0\u0001\u0002ELF\n", "(root)", ProblemCodes.InventoryNotText, 2),
        new("invalid UTF-8", "name: x\nnodes: \uFFFD\n", "(root)", ProblemCodes.InventoryNotText, 2),
        new("the same key twice in a node", "nodes:\n  - name: a\n    address: 10.0.0.1\n    address: 10.0.0.2\n    roles: [control-plane, etcd, worker]\n", "nodes[0].address", ProblemCodes.InventoryDuplicateKey, 4),
        new("network twice", "network: { podCidr: 10.200.0.0/16 }\nnetwork: { podCidr: 10.201.0.0/16 }\n" + Nodes, "network", ProblemCodes.InventoryDuplicateKey, 2),
        new("a label twice", "nodes:\n  - name: a\n    address: 10.0.0.1\n    roles: [control-plane, etcd, worker]\n    labels: { tier: a, tier: b }\n", "nodes[0].labels[tier]", ProblemCodes.InventoryDuplicateKey, 5),
        new("a binary twice", With("binaries:\n  etcd: { file: /a }\n  etcd: { file: /b }"), "binaries.etcd", ProblemCodes.InventoryDuplicateKey, 3),
        // Shapes.
        new("an unknown root key", With("nodez: []"), "nodez", ProblemCodes.InventoryUnknownKey, 1),
        new("an unknown node key", "nodes: [ { name: a, adress: 10.0.0.1 } ]\n", "nodes[0].adress", ProblemCodes.InventoryUnknownKey, 1),
        new("an unknown version key", With("versions: { kubelet: 1.32.3 }"), "versions.kubelet", ProblemCodes.InventoryUnknownKey, 1),
        new("an unknown ssh key", With("ssh: { password: hunter2 }"), "ssh.password", ProblemCodes.InventoryUnknownKey, 1),
        new("nodes is a mapping", "nodes: { name: a }\n", "nodes", ProblemCodes.InventoryWrongType, 1),
        new("nodes is text", "nodes: master\n", "nodes", ProblemCodes.InventoryWrongType, 1),
        new("roles is text", "nodes: [ { name: a, address: 10.0.0.1, roles: worker } ]\n", "nodes[0].roles", ProblemCodes.InventoryWrongType, 1),
        new("labels is a list", "nodes: [ { name: a, address: 10.0.0.1, roles: [worker], labels: [a, b] } ]\n", "nodes[0].labels", ProblemCodes.InventoryWrongType, 1),
        new("a label value is a mapping", "nodes: [ { name: a, address: 10.0.0.1, roles: [worker], labels: { a: { b: c } } } ]\n", "nodes[0].labels[a]", ProblemCodes.InventoryWrongType, 1),
        new("a boolean written as yes", With("network: { sharedLayer2: yes }"), "network.sharedLayer2", ProblemCodes.InventoryWrongType, 1),
        new("a port too large for a number", With("ssh: { port: 99999999999 }"), "ssh.port", ProblemCodes.InventoryWrongType, 1),
        new("a quoted number", With("network: { nodeSubnetLength: \"24\" }"), "network.nodeSubnetLength", ProblemCodes.InventoryWrongType, 1),
        new("a number with a fraction", With("pki: { certificateValidityDays: 365.5 }"), "pki.certificateValidityDays", ProblemCodes.InventoryWrongType, 1),
        new("network is a list", "network: [a]\n" + Nodes, "network", ProblemCodes.InventoryWrongType, 1),
        new("a null section", "network: ~\n" + Nodes, "network", ProblemCodes.Missing, 1),
        new("a mapping as a key", "{ a: b }: c\n" + Nodes, "(root)", ProblemCodes.InventoryWrongType, 1),
        new("extra args as a list", With("extraArgs: { kubelet: [v, 2] }"), "extraArgs.kubelet", ProblemCodes.InventoryWrongType, 1),
        new("an empty file", "", "(root)", ProblemCodes.InventoryEmpty),
        new("only a comment", "# nothing\n", "(root)", ProblemCodes.InventoryEmpty),
        new("two documents", "name: a\n---\nname: b\n", "(root)", ProblemCodes.InventoryMultipleDocuments),
        new("a tab for indentation", "nodes:\n\t- name: a\n", "(root)", ProblemCodes.InventorySyntax),
        new("an unclosed bracket", "nodes: [ { name: a\n", "(root)", ProblemCodes.InventorySyntax),
        new("an alias to no anchor", "nodes: *missing\n", "(root)", ProblemCodes.InventorySyntax, 1),
        new("a billion laughs under unknown keys", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", "a", ProblemCodes.InventoryUnknownKey, 1),
        new("a thousand empty roles", "nodes: [ { name: a, address: 10.0.0.1, roles: [" + string.Join(", ", Enumerable.Repeat("~", 1000)) + "] } ]\n", "nodes[0].roles[0]", ProblemCodes.Missing, 1),
        // Words.
        new("an unknown role", "nodes: [ { name: a, address: 10.0.0.1, roles: [boss] } ]\n", "nodes[0].roles", ProblemCodes.UnknownValue, 1),
        new("an unknown init system", "nodes: [ { name: a, address: 10.0.0.1, roles: [worker], init: runit } ]\n", "nodes[0].init", ProblemCodes.UnknownValue, 1),
        new("an unknown backend", With("flannel: { backend: udp }"), "flannel.backend", ProblemCodes.UnknownValue, 1),
        new("an unknown endpoint mode", With("apiEndpoint: { mode: haproxy }"), "apiEndpoint.mode", ProblemCodes.UnknownValue, 1),
        new("an unknown key algorithm", With("pki: { keyAlgorithm: ed25519 }"), "pki.keyAlgorithm", ProblemCodes.UnknownValue, 1),
        new("an unknown DNS placement", With("dns: { placement: everywhere }"), "dns.placement", ProblemCodes.UnknownValue, 1),
        new("a binary with two sources", With("binaries: { etcd: { file: /a, onHost: /b } }"), "binaries.etcd", ProblemCodes.BinarySourceAmbiguous, 1),
        new("a binary with no source", With("binaries: { etcd: { sha256: abc } }"), "binaries.etcd", ProblemCodes.BinarySourceAmbiguous, 1),
        // Meaning (validation after a clean read).
        new("a negative validity", With("pki: { certificateValidityDays: -5 }"), "pki.certificateValidityDays", ProblemCodes.ValidityInvalid),
        new("a validity that overflows a TimeSpan", With("pki: { certificateValidityDays: 2147483647 }"), "pki.certificateValidityDays", ProblemCodes.ValidityInvalid),
        new("a CA validity that overflows a TimeSpan", With("pki: { caValidityDays: -2147483648 }"), "pki.caValidityDays", ProblemCodes.ValidityInvalid),
        new("a version with a space", With("versions: { kubernetes: 1.32.3-rc.1+dirty build }"), "versions.kubernetes", ProblemCodes.VersionInvalid),
        new("a worker role label", "nodes:\n  - { name: master, address: 10.0.0.10, roles: [control-plane, etcd] }\n  - { name: node-1, address: 10.0.0.11, roles: [worker], labels: { node-role.kubernetes.io/worker: \"\", kubernetes.io/role: worker } }\n", "nodes[1].labels[kubernetes.io/role]", ProblemCodes.LabelNamespaceRestricted),
        new("a label key with a space", "nodes:\n  - { name: master, address: 10.0.0.10, roles: [control-plane, etcd] }\n  - { name: node-1, address: 10.0.0.11, roles: [worker], labels: { \"bad key!\": x } }\n", "nodes[1].labels[bad key!]", ProblemCodes.LabelKeyInvalid),
        new("IPv6-only", "network: { podCidr: \"2001:db8:200::/56\", nodeSubnetLength: 64, serviceCidr: \"2001:db8:32::/112\", dnsServiceIp: \"2001:db8:32::10\" }\nnodes:\n  - { name: master, address: \"2001:db8::10\", roles: [control-plane, etcd] }\n  - { name: node-1, address: \"2001:db8::11\", roles: [worker] }\n", "network.podCidr", ProblemCodes.Ipv6PodNetworkUnsupported),
        new("a zero-padded address", "nodes:\n  - { name: master, address: 10.0.0.10, roles: [control-plane, etcd] }\n  - { name: node-1, address: 010.000.000.011, roles: [worker] }\n", "nodes[1].address", ProblemCodes.AddressNotCanonical),
        new("the API on etcd's port", With("apiEndpoint: { port: 2379 }"), "apiEndpoint.port", ProblemCodes.PortCollision),
        new("the DNS IP on the broadcast address", With("network: { dnsServiceIp: 10.32.0.255 }"), "network.dnsServiceIp", ProblemCodes.DnsIpReserved),
        new("a removed kubelet flag", With("extraArgs: { kubelet: { network-plugin: cni } }"), "extraArgs.kubelet[network-plugin]", ProblemCodes.FlagRemoved),
        new("a node named like a path", "nodes:\n  - { name: master, address: 10.0.0.10, roles: [control-plane, etcd] }\n  - { name: ../earlier-render/master, address: 10.0.0.11, roles: [worker] }\n", "nodes[1].name", ProblemCodes.NodeNameInvalid),
    ];
}
