using System.Text.Json.Nodes;
using K8sBare.Units.Formats;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// A daemon-less pod network, Kubernetes the hard way's model: each node's pod range on a Linux bridge through the
/// CNI <c>bridge</c> plugin with <c>host-local</c> IPAM, and <see cref="PodRoutes"/> to every other node's range via
/// that node's address. No overlay: the nodes must share one L2 segment (or a router that knows the pod ranges).
/// Renders <c>10-bridge.conflist</c> (bridge + portmap); containerd adds loopback itself.
/// </summary>
public sealed record BridgeCniConfig
{
    /// <summary>The network name.</summary>
    public string Name { get; init; } = "bridge";

    /// <summary><c>cniVersion</c> (1.0.0: read by containerd 1.6/1.7 and 2.x).</summary>
    public string CniVersion { get; init; } = "1.0.0";

    /// <summary>The bridge device.</summary>
    public string Bridge { get; init; } = "cni0";

    /// <summary>This node's pod range (<c>ipam.ranges[0][0].subnet</c>), e.g. 10.200.1.0/24.</summary>
    public required string Subnet { get; init; }

    /// <summary><c>ipMasq</c>: masquerade pod traffic that leaves the node's range (pods reach beyond the cluster).</summary>
    public bool IpMasquerade { get; init; } = true;

    /// <summary>Include the portmap plugin (hostPort support).</summary>
    public bool PortMap { get; init; } = true;

    /// <summary>The CNI config directory.</summary>
    public string ConfDir { get; init; } = "/etc/cni/net.d";

    /// <summary>Problems.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(BridgeCniConfig));
        v.NotEmpty(nameof(Name), Name);
        v.NotEmpty(nameof(Bridge), Bridge);
        if (Bridge.Length > 15) v.Add(nameof(Bridge), "a Linux interface name has at most 15 characters.");
        v.Cidr(nameof(Subnet), Subnet);
        v.AbsolutePath(nameof(ConfDir), ConfDir);
        if (!CniConfig.Containerd1Versions.Contains(CniVersion, StringComparer.Ordinal))
            v.Add(nameof(CniVersion), $"cniVersion {CniVersion} is not read by containerd 1.6/1.7; use 1.0.0.");
        return v.Problems;
    }

    /// <summary>The conflist text.</summary>
    public string RenderConfList()
    {
        UnitsException.ThrowIfAny(Validate());
        var plugins = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "bridge",
                ["bridge"] = Bridge,
                ["isGateway"] = true,
                ["ipMasq"] = IpMasquerade,
                ["hairpinMode"] = true,
                ["ipam"] = new JsonObject
                {
                    ["type"] = "host-local",
                    ["ranges"] = new JsonArray { new JsonArray { new JsonObject { ["subnet"] = Subnet } } },
                    ["routes"] = new JsonArray { new JsonObject { ["dst"] = "0.0.0.0/0" } },
                },
            },
        };
        if (PortMap) plugins.Add(new JsonObject { ["type"] = "portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true } });
        return JsonText.Render(new JsonObject { ["name"] = Name, ["cniVersion"] = CniVersion, ["plugins"] = plugins });
    }

    /// <summary><c>10-bridge.conflist</c>.</summary>
    public IReadOnlyList<RenderedFile> Render() => [new RenderedFile($"{ConfDir.TrimEnd('/')}/10-bridge.conflist", RenderConfList())];
}
