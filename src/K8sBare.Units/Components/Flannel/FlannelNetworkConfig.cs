using System.Text.Json.Nodes;
using K8sBare.Units.Formats;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// flannel's network config JSON (components.md §8): stored in etcd at <c>&lt;prefix&gt;/config</c> in etcd mode,
/// or written to <c>/etc/kube-flannel/net-conf.json</c> in <c>--kube-subnet-mgr</c> mode.
/// </summary>
public sealed record FlannelNetworkConfig
{
    /// <summary><c>Network</c>: the pod CIDR.</summary>
    public string Network { get; init; } = "10.200.0.0/16";

    /// <summary><c>SubnetLen</c> (default 24).</summary>
    public int SubnetLen { get; init; } = 24;

    /// <summary><c>SubnetMin</c>: the first node subnet flannel may lease (null: not written, flannel's default).</summary>
    public string? SubnetMin { get; init; }

    /// <summary><c>SubnetMax</c>: the last node subnet flannel may lease (null: not written, flannel's default).</summary>
    public string? SubnetMax { get; init; }

    /// <summary><c>EnableNFTables</c> (null: not written).</summary>
    public bool? EnableNFTables { get; init; }

    /// <summary><c>Backend</c>.</summary>
    public FlannelBackend Backend { get; init; } = new();

    /// <summary>Problems (the WireGuard PSK is never echoed).</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(FlannelNetworkConfig));
        var net = v.Cidr(nameof(Network), Network);
        if (net is { } n && (SubnetLen <= n.PrefixLength || SubnetLen > 30))
            v.Add(nameof(SubnetLen), $"/{SubnetLen} must be longer than Network's /{n.PrefixLength} and at most /30.");
        foreach (var (name, bound) in new[] { (nameof(SubnetMin), SubnetMin), (nameof(SubnetMax), SubnetMax) })
        {
            if (bound is null) continue;
            if (!System.Net.IPAddress.TryParse(bound, out var ip)) v.Add(name, $"'{bound}' is not an IP address.");
            else if (net is { } nw && !nw.Contains(ip)) v.Add(name, $"{bound} is outside Network {Network}.");
        }
        v.Port("Backend.Port", Backend.Port);
        v.Port("Backend.ListenPort", Backend.ListenPort);
        if (Backend.Vni is < 1 or > 16777215) v.Add("Backend.Vni", "must be 1..16777215.");
        if (Backend.Type != FlannelBackendType.Vxlan && (Backend.Vni is not null || Backend.Port is not null || Backend.DirectRouting is not null))
            v.Add("Backend", "Vni, Port and DirectRouting apply to the vxlan backend only.");
        if (Backend.Type != FlannelBackendType.Wireguard && (Backend.ListenPort is not null || Backend.Psk is not null || Backend.PersistentKeepaliveInterval is not null))
            v.Add("Backend", "ListenPort, Psk and PersistentKeepaliveInterval apply to the wireguard backend only.");
        if (Backend.Psk is { } psk && (!Convert.TryFromBase64String(psk, new byte[64], out var len) || len != 32))
            v.Add("Backend.Psk", "must be a base64 WireGuard key of 32 bytes (value not shown); create one with: wg genpsk.");
        return v.Problems;
    }

    /// <summary>The JSON object.</summary>
    public JsonObject ToJson()
    {
        UnitsException.ThrowIfAny(Validate());
        var backend = new JsonObject { ["Type"] = Backend.TypeName };
        if (Backend.Vni is { } vni) backend["VNI"] = vni;
        if (Backend.Port is { } port) backend["Port"] = port;
        if (Backend.DirectRouting is { } dr) backend["DirectRouting"] = dr;
        if (Backend.ListenPort is { } lp) backend["ListenPort"] = lp;
        if (Backend.Psk is { } psk) backend["PSK"] = psk;
        if (Backend.PersistentKeepaliveInterval is { } ka) backend["PersistentKeepaliveInterval"] = ka;
        var o = new JsonObject { ["Network"] = Network, ["SubnetLen"] = SubnetLen };
        if (SubnetMin is { } min) o["SubnetMin"] = min;
        if (SubnetMax is { } max) o["SubnetMax"] = max;
        if (EnableNFTables is { } nft) o["EnableNFTables"] = nft;
        o["Backend"] = backend;
        return o;
    }

    /// <summary>Indented JSON (for the net-conf.json file).</summary>
    public string Render() => JsonText.Render(ToJson());

    /// <summary>One-line JSON (the value to put at <c>&lt;prefix&gt;/config</c> in etcd).</summary>
    public string RenderCompact() => JsonText.RenderCompact(ToJson());
}
