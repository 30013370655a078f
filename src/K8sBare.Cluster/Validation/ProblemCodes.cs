namespace K8sBare.Cluster.Validation;

/// <summary>
/// The stable codes of <see cref="ValidationProblem.Code"/>: one per rule, so callers and tests can tell which
/// rule refused a spec (the field alone does not say: a service range can be refused for host bits or for size).
/// Codes never change meaning; new rules get new codes.
/// </summary>
public static class ProblemCodes
{
    /// <summary>A required part of the spec is null (Nodes, Network, a node, SSH settings…).</summary>
    public const string Missing = "missing";
    /// <summary>The cluster name is not a DNS label.</summary>
    public const string ClusterNameInvalid = "cluster-name-invalid";
    /// <summary>The cluster has no nodes.</summary>
    public const string NoNodes = "no-nodes";
    /// <summary>No node has the control-plane role.</summary>
    public const string NoControlPlane = "no-control-plane";
    /// <summary>No node has the etcd role.</summary>
    public const string NoEtcd = "no-etcd";
    /// <summary>The etcd set has an even number of members.</summary>
    public const string EtcdEven = "etcd-even";
    /// <summary>No worker (warning).</summary>
    public const string NoWorkers = "no-workers";
    /// <summary>CoreDNS is placed on a role no node has.</summary>
    public const string DnsPlacementEmpty = "dns-placement-empty";
    /// <summary>An enum value outside the known ones.</summary>
    public const string UnknownValue = "unknown-value";
    /// <summary>The static-routes pod network without a shared layer 2 (warning).</summary>
    public const string StaticRoutesWithoutL2 = "static-routes-without-l2";
    /// <summary>An image reference (sandbox image, preloaded image name) is empty or has blanks.</summary>
    public const string ImageReferenceInvalid = "image-reference-invalid";
    /// <summary>Images are preloaded but none holds the sandbox image containerd pins (warning).</summary>
    public const string SandboxImageNotPreloaded = "sandbox-image-not-preloaded";
    /// <summary>A node's resolvConf is not an absolute path.</summary>
    public const string ResolvConfInvalid = "resolv-conf-invalid";
    /// <summary>Kubernetes below the versions maintained upstream (warning).</summary>
    public const string VersionEndOfLife = "version-end-of-life";
    /// <summary>flannel host-gw without a shared layer 2 (warning).</summary>
    public const string HostGwWithoutL2 = "host-gw-without-l2";
    /// <summary>flannel's etcd prefix is not an absolute key path.</summary>
    public const string EtcdPrefixInvalid = "etcd-prefix-invalid";
    /// <summary>CoreDNS has no upstream.</summary>
    public const string DnsUpstreamEmpty = "dns-upstream-empty";
    /// <summary>The Corefile's upstream is neither a resolv.conf path nor an address.</summary>
    public const string DnsUpstreamInvalid = "dns-upstream-invalid";

    /// <summary>A node has no name.</summary>
    public const string NodeNameMissing = "node-name-missing";
    /// <summary>A node name is not a DNS label.</summary>
    public const string NodeNameInvalid = "node-name-invalid";
    /// <summary>Two nodes share a name.</summary>
    public const string NodeNameDuplicate = "node-name-duplicate";
    /// <summary>A host name is not a DNS name.</summary>
    public const string HostNameInvalid = "host-name-invalid";
    /// <summary>A node has no address.</summary>
    public const string AddressMissing = "address-missing";
    /// <summary>An address is not a literal IP address.</summary>
    public const string AddressInvalid = "address-invalid";
    /// <summary>An IP address is not written canonically (leading zeros, short forms).</summary>
    public const string AddressNotCanonical = "address-not-canonical";
    /// <summary>A node address is loopback or wildcard.</summary>
    public const string AddressLoopback = "address-loopback";
    /// <summary>Two nodes share an address.</summary>
    public const string AddressDuplicate = "address-duplicate";
    /// <summary>An address is of another family than the cluster's ranges.</summary>
    public const string AddressFamilyMismatch = "address-family-mismatch";
    /// <summary>A node has no role.</summary>
    public const string RolesNone = "roles-none";
    /// <summary>A node's listen address is not one of its addresses.</summary>
    public const string ListenAddressNotOwned = "listen-address-not-owned";
    /// <summary>A node label key is not a valid Kubernetes label key.</summary>
    public const string LabelKeyInvalid = "label-key-invalid";
    /// <summary>A node label value is not a valid Kubernetes label value.</summary>
    public const string LabelValueInvalid = "label-value-invalid";
    /// <summary>A node label in the kubernetes.io / k8s.io namespaces the kubelet may not set (NodeRestriction).</summary>
    public const string LabelNamespaceRestricted = "label-namespace-restricted";

    /// <summary>An SSH port is out of range.</summary>
    public const string SshPortInvalid = "ssh-port-invalid";
    /// <summary>An SSH user is empty or has spaces.</summary>
    public const string SshUserInvalid = "ssh-user-invalid";
    /// <summary>ssh.host is blank.</summary>
    public const string SshHostBlank = "ssh-host-blank";
    /// <summary>No SSH key is configured where the transport needs one.</summary>
    public const string SshKeyMissing = "ssh-key-missing";
    /// <summary>A local file (SSH key, known_hosts, binary) does not exist.</summary>
    public const string LocalFileMissing = "local-file-missing";

    /// <summary>A range is not a network in CIDR notation or has host bits set.</summary>
    public const string CidrInvalid = "cidr-invalid";
    /// <summary>The per-node subnet length does not fit the pod range.</summary>
    public const string NodeSubnetLengthInvalid = "node-subnet-length-invalid";
    /// <summary>The pod range has fewer node subnets than workers.</summary>
    public const string PodRangeTooSmall = "pod-range-too-small";
    /// <summary>The service range has more host bits than kube-apiserver accepts.</summary>
    public const string ServiceRangeTooLarge = "service-range-too-large";
    /// <summary>The service range cannot hold the API and DNS service IPs.</summary>
    public const string ServiceRangeTooSmall = "service-range-too-small";
    /// <summary>Two ranges overlap.</summary>
    public const string RangesOverlap = "ranges-overlap";
    /// <summary>A range contains a node's address.</summary>
    public const string RangeContainsNode = "range-contains-node";
    /// <summary>Ranges of different address families that K8sBare cannot combine.</summary>
    public const string FamilyMismatch = "family-mismatch";
    /// <summary>An IPv6 pod network (flannel in etcd mode as K8sBare renders it is IPv4).</summary>
    public const string Ipv6PodNetworkUnsupported = "ipv6-pod-network-unsupported";
    /// <summary>The DNS service IP is not an IP address.</summary>
    public const string DnsIpInvalid = "dns-ip-invalid";
    /// <summary>The DNS service IP is outside the service range.</summary>
    public const string DnsIpOutsideRange = "dns-ip-outside-range";
    /// <summary>The DNS service IP is a reserved address of the range (network, first, broadcast).</summary>
    public const string DnsIpReserved = "dns-ip-reserved";
    /// <summary>The cluster domain is not a DNS name.</summary>
    public const string ClusterDomainInvalid = "cluster-domain-invalid";

    /// <summary>A version is not a MAJOR.MINOR.PATCH number.</summary>
    public const string VersionInvalid = "version-invalid";
    /// <summary>A version K8sBare does not render for.</summary>
    public const string VersionUnsupported = "version-unsupported";
    /// <summary>A version older than the supported one (warning).</summary>
    public const string VersionOld = "version-old";
    /// <summary>Two versions that are not shipped together (warning).</summary>
    public const string VersionPairing = "version-pairing";

    /// <summary>A port is out of range.</summary>
    public const string PortInvalid = "port-invalid";
    /// <summary>Two listeners want the same port on the same host.</summary>
    public const string PortCollision = "port-collision";
    /// <summary>The endpoint mode needs a host it does not have.</summary>
    public const string EndpointHostMissing = "endpoint-host-missing";
    /// <summary>The endpoint host is neither an IP nor a DNS name (or not the kind the mode needs).</summary>
    public const string EndpointHostInvalid = "endpoint-host-invalid";
    /// <summary>The virtual IP is missing, not an IP, owned by a node or inside a cluster range.</summary>
    public const string VirtualIpInvalid = "virtual-ip-invalid";
    /// <summary>The virtual IP's prefix length does not fit.</summary>
    public const string PrefixLengthInvalid = "prefix-length-invalid";
    /// <summary>keepalived has no interface.</summary>
    public const string InterfaceMissing = "interface-missing";
    /// <summary>The endpoint mode adds nothing for this topology (warning).</summary>
    public const string EndpointNotHighlyAvailable = "endpoint-not-ha";
    /// <summary>An extra apiserver SAN is neither an IP nor a DNS name.</summary>
    public const string SanInvalid = "san-invalid";

    /// <summary>An unknown binary name.</summary>
    public const string BinaryUnknown = "binary-unknown";
    /// <summary>A sha256 that is not 64 hex digits, or missing for a download.</summary>
    public const string Sha256Invalid = "sha256-invalid";
    /// <summary>A path that must be absolute is not.</summary>
    public const string PathNotAbsolute = "path-not-absolute";
    /// <summary>A URL that is not http(s).</summary>
    public const string UrlInvalid = "url-invalid";

    /// <summary>A certificate validity that is not positive or beyond what X.509 and the clock can hold.</summary>
    public const string ValidityInvalid = "validity-invalid";
    /// <summary>A certificate subject field that is too long or has characters a subject cannot hold.</summary>
    public const string SubjectInvalid = "subject-invalid";

    /// <summary>An extra argument whose name is not a flag name, or whose value has a newline.</summary>
    public const string FlagInvalid = "flag-invalid";
    /// <summary>An extra argument the component removed at this version.</summary>
    public const string FlagRemoved = "flag-removed";
    /// <summary>An extra argument the component deprecated at this version (warning).</summary>
    public const string FlagDeprecated = "flag-deprecated";
    /// <summary>An extra argument that K8sBare itself sets (it would be overridden silently).</summary>
    public const string FlagManaged = "flag-managed";
    /// <summary>An extra argument for a component name K8sBare does not run.</summary>
    public const string ComponentUnknown = "component-unknown";

    /// <summary>A flannel setting (VNI, subnet range) that flannel would refuse.</summary>
    public const string FlannelSettingInvalid = "flannel-setting-invalid";

    /// <summary>A binary entry in an inventory with none or several of file, url and onHost.</summary>
    public const string BinarySourceAmbiguous = "binary-source-ambiguous";

    /// <summary>The inventory file does not exist.</summary>
    public const string InventoryFileMissing = "inventory-file-missing";
    /// <summary>The inventory is not text (binary bytes).</summary>
    public const string InventoryNotText = "inventory-not-text";
    /// <summary>The inventory is not valid YAML.</summary>
    public const string InventorySyntax = "inventory-syntax";
    /// <summary>The inventory is empty.</summary>
    public const string InventoryEmpty = "inventory-empty";
    /// <summary>A certificate subject field (pki.subject) is not one a certificate can carry.</summary>
    public const string SubjectFieldInvalid = "subject-field-invalid";
    /// <summary>The inventory file holds more than one YAML document.</summary>
    public const string InventoryMultipleDocuments = "inventory-multiple-documents";
    /// <summary>The inventory (or what its aliases expand to) is too large.</summary>
    public const string InventoryTooLarge = "inventory-too-large";
    /// <summary>A key the inventory does not know.</summary>
    public const string InventoryUnknownKey = "inventory-unknown-key";
    /// <summary>A key given twice in one mapping.</summary>
    public const string InventoryDuplicateKey = "inventory-duplicate-key";
    /// <summary>A value of the wrong kind (a list where a mapping belongs, text where a number belongs).</summary>
    public const string InventoryWrongType = "inventory-wrong-type";
    /// <summary>A relative path in the inventory leaves the inventory's folder (<c>..</c>); outside files are named by absolute paths.</summary>
    public const string InventoryPathEscapes = "inventory-path-escapes";
}
