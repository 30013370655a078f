using System.Text.Json.Nodes;
using K8sBare.Units.Formats;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// The CNI config for flannel (components.md §7): <c>10-flannel.conflist</c> with the flannel plugin (delegating to
/// bridge) and portmap, and optionally a loopback file. <see cref="CniVersion"/> defaults to 1.0.0, which both
/// containerd 1.7 (libcni 1.1) and 2.x (libcni 1.2/1.3) accept.
/// </summary>
public sealed record CniConfig
{
    /// <summary>Versions accepted by containerd 1.6/1.7 (libcni 1.1.x).</summary>
    public static IReadOnlyList<string> Containerd1Versions { get; } = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"];

    /// <summary>Versions accepted by containerd 2.x (libcni 1.2/1.3).</summary>
    public static IReadOnlyList<string> Containerd2Versions { get; } = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    /// <summary>The network name.</summary>
    public string Name { get; init; } = "cbr0";

    /// <summary><c>cniVersion</c>.</summary>
    public string CniVersion { get; init; } = "1.0.0";

    /// <summary>The containerd lines the file must work with (default both, which rules out 1.1.0).</summary>
    public IReadOnlyList<ContainerdRelease> ContainerdReleases { get; init; } = [ContainerdRelease.V1_7, ContainerdRelease.V2_1];

    /// <summary><c>delegate.hairpinMode</c>.</summary>
    public bool HairpinMode { get; init; } = true;

    /// <summary><c>delegate.isDefaultGateway</c>.</summary>
    public bool IsDefaultGateway { get; init; } = true;

    /// <summary>Include the portmap plugin (hostPort support).</summary>
    public bool PortMap { get; init; } = true;

    /// <summary>Also render <c>99-loopback.conf</c>. Not needed: containerd adds loopback itself (the loopback binary must exist).</summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>The CNI config directory.</summary>
    public string ConfDir { get; init; } = "/etc/cni/net.d";

    /// <summary>Problems.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(CniConfig));
        v.NotEmpty(nameof(Name), Name);
        v.AbsolutePath(nameof(ConfDir), ConfDir);
        foreach (var release in ContainerdReleases.Distinct())
        {
            var ok = release == ContainerdRelease.V1_7 ? Containerd1Versions : Containerd2Versions;
            if (!ok.Contains(CniVersion, StringComparer.Ordinal))
                v.Add(nameof(CniVersion), $"cniVersion {CniVersion} is not accepted by containerd {(release == ContainerdRelease.V1_7 ? "1.6/1.7" : "2.x")} (supports {string.Join(", ", ok)}); use 1.0.0 or 0.3.1 for a file shared by both lines.");
        }
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
                ["type"] = "flannel",
                ["delegate"] = new JsonObject { ["hairpinMode"] = HairpinMode, ["isDefaultGateway"] = IsDefaultGateway },
            },
        };
        if (PortMap) plugins.Add(new JsonObject { ["type"] = "portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true } });
        return JsonText.Render(new JsonObject { ["name"] = Name, ["cniVersion"] = CniVersion, ["plugins"] = plugins });
    }

    /// <summary>The loopback conf text.</summary>
    public string RenderLoopback()
    {
        UnitsException.ThrowIfAny(Validate());
        return JsonText.Render(new JsonObject { ["cniVersion"] = CniVersion, ["name"] = "lo", ["type"] = "loopback" });
    }

    /// <summary><c>10-flannel.conflist</c> and, when asked, <c>99-loopback.conf</c>.</summary>
    public IReadOnlyList<RenderedFile> Render()
    {
        var dir = ConfDir.TrimEnd('/');
        var files = new List<RenderedFile> { new($"{dir}/10-flannel.conflist", RenderConfList()) };
        if (IncludeLoopback) files.Add(new RenderedFile($"{dir}/99-loopback.conf", RenderLoopback()));
        return files;
    }
}
