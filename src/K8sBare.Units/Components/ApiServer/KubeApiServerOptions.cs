using K8sBare.Units.Flags;
using K8sBare.Units.Services;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// kube-apiserver options for an external-etcd, TLS + RBAC control plane (components.md §1.1).
/// Always emits the service-account issuer/key/signing-key, <c>--service-cluster-ip-range</c> and NodeRestriction.
/// </summary>
public sealed record KubeApiServerOptions : IComponentOptions
{
    /// <summary>The Kubernetes minor version (1.20–1.34; differences in <see cref="KubernetesVersionRules"/>).</summary>
    public KubernetesVersion Version { get; init; } = KubernetesVersion.Default;

    /// <summary><c>--advertise-address</c>: this node's IP.</summary>
    public required string AdvertiseAddress { get; init; }

    /// <summary><c>--bind-address</c>.</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary><c>--secure-port</c>.</summary>
    public int SecurePort { get; init; } = 6443;

    /// <summary><c>--allow-privileged</c> (still valid on the apiserver; only the kubelet flag was removed).</summary>
    public bool AllowPrivileged { get; init; } = true;

    /// <summary><c>--authorization-mode</c>.</summary>
    public IReadOnlyList<string> AuthorizationModes { get; init; } = ["Node", "RBAC"];

    /// <summary>Extra admission plugins; <c>NodeRestriction</c> is always enabled in addition.</summary>
    public IReadOnlyList<string> AdmissionPlugins { get; init; } = [];

    /// <summary><c>--client-ca-file</c>.</summary>
    public string ClientCaFile { get; init; } = "/var/lib/kubernetes/ca.crt";

    /// <summary><c>--tls-cert-file</c>.</summary>
    public string TlsCertFile { get; init; } = "/var/lib/kubernetes/kube-apiserver.crt";

    /// <summary><c>--tls-private-key-file</c>.</summary>
    public string TlsPrivateKeyFile { get; init; } = "/var/lib/kubernetes/kube-apiserver.key";

    /// <summary><c>--etcd-servers</c>.</summary>
    public required IReadOnlyList<string> EtcdServers { get; init; }

    /// <summary><c>--etcd-cafile</c> (null when etcd is plain HTTP on loopback).</summary>
    public string? EtcdCaFile { get; init; } = "/var/lib/kubernetes/etcd-ca.crt";

    /// <summary><c>--etcd-certfile</c>.</summary>
    public string? EtcdCertFile { get; init; } = "/var/lib/kubernetes/apiserver-etcd-client.crt";

    /// <summary><c>--etcd-keyfile</c>.</summary>
    public string? EtcdKeyFile { get; init; } = "/var/lib/kubernetes/apiserver-etcd-client.key";

    /// <summary><c>--kubelet-client-certificate</c>.</summary>
    public string KubeletClientCertificate { get; init; } = "/var/lib/kubernetes/apiserver-kubelet-client.crt";

    /// <summary><c>--kubelet-client-key</c>.</summary>
    public string KubeletClientKey { get; init; } = "/var/lib/kubernetes/apiserver-kubelet-client.key";

    /// <summary><c>--kubelet-certificate-authority</c> (null: kubelet serving certs are not verified).</summary>
    public string? KubeletCertificateAuthority { get; init; } = "/var/lib/kubernetes/ca.crt";

    /// <summary><c>--kubelet-preferred-address-types</c>.</summary>
    public IReadOnlyList<string> KubeletPreferredAddressTypes { get; init; } = ["InternalIP", "ExternalIP", "Hostname"];

    /// <summary><c>--service-cluster-ip-range</c> (always emitted; omitting it falls back to 10.0.0.0/24).</summary>
    public string ServiceClusterIpRange { get; init; } = "10.32.0.0/24";

    /// <summary><c>--service-node-port-range</c>.</summary>
    public string ServiceNodePortRange { get; init; } = "30000-32767";

    /// <summary>The pod CIDR (not an apiserver flag; used to reject overlaps with the service range). Optional.</summary>
    public string? ClusterCidr { get; init; }

    /// <summary><c>--service-account-issuer</c>, e.g. <c>https://10.0.0.10:6443</c>.</summary>
    public required string ServiceAccountIssuer { get; init; }

    /// <summary><c>--service-account-key-file</c> (public key or cert that verifies tokens).</summary>
    public string ServiceAccountKeyFile { get; init; } = "/var/lib/kubernetes/sa.pub";

    /// <summary><c>--service-account-signing-key-file</c> (private key that signs tokens).</summary>
    public string ServiceAccountSigningKeyFile { get; init; } = "/var/lib/kubernetes/sa.key";

    /// <summary><c>--encryption-provider-config</c> (null: secrets are not encrypted at rest).</summary>
    public string? EncryptionProviderConfig { get; init; }

    /// <summary>Aggregation layer flags (null: not configured).</summary>
    public FrontProxyOptions? FrontProxy { get; init; }

    /// <summary><c>--v</c> log verbosity (null: default).</summary>
    public int? Verbosity { get; init; }

    /// <summary>User-supplied flags; checked against the removed-flags table for <see cref="Version"/>.</summary>
    public IReadOnlyDictionary<string, string> ExtraArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The binary.</summary>
    public string BinaryPath { get; init; } = "/usr/local/bin/kube-apiserver";

    /// <summary>Service names the apiserver waits for on this host (e.g. <c>etcd</c> when it is co-located).</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>True when any etcd server is https (the etcd TLS flags are only emitted then).</summary>
    public bool EtcdUsesTls => EtcdServers.Any(e => e.StartsWith("https://", StringComparison.Ordinal));

    /// <summary>The admission plugins actually enabled (NodeRestriction first, then the extras).</summary>
    public IReadOnlyList<string> EffectiveAdmissionPlugins =>
        new[] { "NodeRestriction" }.Concat(AdmissionPlugins).Distinct(StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(KubeApiServerOptions));
        if (!Version.IsSupported) v.Add(nameof(Version), Version.UnsupportedMessage);
        v.Ip(nameof(AdvertiseAddress), AdvertiseAddress);
        v.Ip(nameof(BindAddress), BindAddress);
        v.Port(nameof(SecurePort), SecurePort);
        if (AuthorizationModes.Count == 0) v.Add(nameof(AuthorizationModes), "is empty; use Node,RBAC.");
        if (!AuthorizationModes.Contains("Node", StringComparer.Ordinal))
            v.Add(nameof(AuthorizationModes), "must include Node: NodeRestriction and kubelet credentials depend on the Node authorizer.");
        v.AbsolutePath(nameof(ClientCaFile), ClientCaFile);
        v.AbsolutePath(nameof(TlsCertFile), TlsCertFile);
        v.AbsolutePath(nameof(TlsPrivateKeyFile), TlsPrivateKeyFile);
        if (EtcdServers.Count == 0) v.Add(nameof(EtcdServers), "needs at least one etcd client URL, e.g. https://10.0.0.11:2379.");
        for (var i = 0; i < EtcdServers.Count; i++) v.Url($"{nameof(EtcdServers)}[{i}]", EtcdServers[i], "https", "http");
        if (EtcdServers.Any(s => s.StartsWith("https://", StringComparison.Ordinal)))
        {
            v.AbsolutePath(nameof(EtcdCaFile), EtcdCaFile);
            v.AbsolutePath(nameof(EtcdCertFile), EtcdCertFile);
            v.AbsolutePath(nameof(EtcdKeyFile), EtcdKeyFile);
        }
        v.AbsolutePath(nameof(KubeletClientCertificate), KubeletClientCertificate);
        v.AbsolutePath(nameof(KubeletClientKey), KubeletClientKey);
        v.AbsolutePath(nameof(KubeletCertificateAuthority), KubeletCertificateAuthority, required: false);
        var svc = v.Cidr(nameof(ServiceClusterIpRange), ServiceClusterIpRange);
        if (svc is { } s && s.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && s.PrefixLength < 12)
            v.Add(nameof(ServiceClusterIpRange), $"{ServiceClusterIpRange} is larger than /12; the apiserver rejects IPv4 service ranges wider than 2^20 addresses.");
        var pods = v.Cidr(nameof(ClusterCidr), ClusterCidr, required: false);
        v.Overlap(nameof(ClusterCidr), pods, nameof(ServiceClusterIpRange), svc);
        CheckPortRange(v, nameof(ServiceNodePortRange), ServiceNodePortRange);
        v.Url(nameof(ServiceAccountIssuer), ServiceAccountIssuer, "https");
        v.AbsolutePath(nameof(ServiceAccountKeyFile), ServiceAccountKeyFile);
        v.AbsolutePath(nameof(ServiceAccountSigningKeyFile), ServiceAccountSigningKeyFile);
        v.AbsolutePath(nameof(EncryptionProviderConfig), EncryptionProviderConfig, required: false);
        if (FrontProxy is { } fp)
        {
            v.AbsolutePath("FrontProxy.RequestHeaderClientCaFile", fp.RequestHeaderClientCaFile);
            v.AbsolutePath("FrontProxy.ProxyClientCertFile", fp.ProxyClientCertFile);
            v.AbsolutePath("FrontProxy.ProxyClientKeyFile", fp.ProxyClientKeyFile);
        }
        v.AbsolutePath(nameof(BinaryPath), BinaryPath);
        v.AddRange(FlagList.CheckExtraArgs(nameof(KubeApiServerOptions), ComponentKind.KubeApiServer, new Version(Version.Major, Version.Minor), ExtraArgs));
        return v.Problems;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ToArgs()
    {
        UnitsException.ThrowIfAny(Validate());
        var f = new FlagList()
            .Add("advertise-address", AdvertiseAddress)
            .Add("bind-address", BindAddress)
            .Add("secure-port", SecurePort)
            .Add("allow-privileged", AllowPrivileged)
            .Add("authorization-mode", AuthorizationModes)
            .Add("enable-admission-plugins", EffectiveAdmissionPlugins)
            .Add("client-ca-file", ClientCaFile)
            .Add("tls-cert-file", TlsCertFile)
            .Add("tls-private-key-file", TlsPrivateKeyFile)
            .Add("etcd-servers", EtcdServers)
            .Add("etcd-cafile", EtcdUsesTls ? EtcdCaFile : null)
            .Add("etcd-certfile", EtcdUsesTls ? EtcdCertFile : null)
            .Add("etcd-keyfile", EtcdUsesTls ? EtcdKeyFile : null)
            .Add("kubelet-client-certificate", KubeletClientCertificate)
            .Add("kubelet-client-key", KubeletClientKey)
            .Add("kubelet-certificate-authority", KubeletCertificateAuthority)
            .Add("kubelet-preferred-address-types", KubeletPreferredAddressTypes)
            .Add("service-cluster-ip-range", ServiceClusterIpRange)
            .Add("service-node-port-range", ServiceNodePortRange)
            .Add("service-account-issuer", ServiceAccountIssuer)
            .Add("service-account-key-file", ServiceAccountKeyFile)
            .Add("service-account-signing-key-file", ServiceAccountSigningKeyFile)
            .Add("encryption-provider-config", EncryptionProviderConfig);
        if (FrontProxy is { } fp)
        {
            f.Add("requestheader-client-ca-file", fp.RequestHeaderClientCaFile)
                .Add("requestheader-allowed-names", fp.AllowedNames)
                .Add("requestheader-username-headers", "X-Remote-User")
                .Add("requestheader-group-headers", "X-Remote-Group")
                .Add("requestheader-extra-headers-prefix", "X-Remote-Extra-")
                .Add("proxy-client-cert-file", fp.ProxyClientCertFile)
                .Add("proxy-client-key-file", fp.ProxyClientKeyFile);
        }
        f.Add("v", Verbosity);
        return f.Merge(ExtraArgs).ToArgs();
    }

    /// <inheritdoc />
    public ServiceDefinition ToService() => new()
    {
        Name = "kube-apiserver",
        Description = "Kubernetes API Server",
        Documentation = ["https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/"],
        Command = new ExecCommand(BinaryPath, ToArgs()),
        Restart = RestartPolicy.OnFailure,
        After = After,
        Limits = new ServiceLimits { NoFile = 65536 },
    };

    /// <inheritdoc />
    public IReadOnlyList<RenderedFile> RenderConfigFiles() => [];

    internal static void CheckPortRange(ProblemList v, string option, string range)
    {
        var parts = range.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var lo)
            || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var hi))
        {
            v.Add(option, $"'{range}' is not a port range; write it as low-high, e.g. 30000-32767.");
            return;
        }
        v.Port(option, lo);
        v.Port(option, hi);
        if (lo > hi) v.Add(option, $"'{range}' has low > high.");
    }
}
