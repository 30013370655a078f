using System.Text.Json.Nodes;
using K8sBare.Units.Components;

namespace K8sBare.Units.Tests.Components;

/// <summary>The daemon-less pod network's files (run for real by the Cluster end-to-end test on the test bed).</summary>
public sealed class BridgeNetworkTests
{
    [Fact]
    public void Bridge_conflist_puts_the_node_range_on_cni0_with_host_local_ipam()
    {
        var files = new BridgeCniConfig { Subnet = "10.200.1.0/24" }.Render();
        var f = Assert.Single(files);
        Assert.Equal("/etc/cni/net.d/10-bridge.conflist", f.Path);
        var json = JsonNode.Parse(f.Content)!;
        Assert.Equal("1.0.0", (string?)json["cniVersion"]);
        var bridge = json["plugins"]![0]!;
        Assert.Equal("bridge", (string?)bridge["type"]);
        Assert.Equal("cni0", (string?)bridge["bridge"]);
        Assert.True((bool)bridge["isGateway"]!);
        Assert.Equal("host-local", (string?)bridge["ipam"]!["type"]);
        Assert.Equal("10.200.1.0/24", (string?)bridge["ipam"]!["ranges"]![0]![0]!["subnet"]);
        Assert.Equal("portmap", (string?)json["plugins"]![1]!["type"]);
    }

    [Fact]
    public void Bad_bridge_settings_are_refused()
    {
        Assert.Contains(new BridgeCniConfig { Subnet = "10.200.1.1/33" }.Validate(), p => p.Option == "BridgeCniConfig.Subnet");
        Assert.Contains(new BridgeCniConfig { Subnet = "10.200.1.0/24", Bridge = "a-very-long-bridge-name" }.Validate(), p => p.Option == "BridgeCniConfig.Bridge");
    }

    [Fact]
    public void Routes_script_replaces_wanted_routes_and_drops_stale_ones()
    {
        var routes = new PodRoutes { PodNetwork = "10.200.0.0/16", Routes = [("10.200.2.0/24", "10.0.0.12"), ("10.200.3.0/24", "10.0.0.13")] };
        var f = routes.Render();
        Assert.Equal("0755", f.ModeOctal);
        Assert.Contains("/sbin/ip route replace 10.200.2.0/24 via 10.0.0.12\n", f.Content, StringComparison.Ordinal);
        Assert.Contains("/sbin/ip route replace 10.200.3.0/24 via 10.0.0.13\n", f.Content, StringComparison.Ordinal);
        Assert.Contains("route show root 10.200.0.0/16", f.Content, StringComparison.Ordinal);
        Assert.Equal("/bin/sh", routes.PreStart.Path);
        Assert.Equal(["/etc/kubernetes/pod-routes.sh"], routes.PreStart.Arguments);
        Assert.Contains(new PodRoutes { PodNetwork = "10.200.0.0/16", Routes = [("10.9.0.0/24", "10.0.0.12")] }.Validate(), p => p.Option == "PodRoutes.Routes[0].Range");

    }

    [RequiresFact("sh", "shellcheck")]
    public async Task Routes_script_passes_sh_n_and_shellcheck()
    {
        var f = new PodRoutes { PodNetwork = "10.200.0.0/16", Routes = [("10.200.2.0/24", "10.0.0.12")] }.Render();
        using var dir = new TempDirectory();
        var path = dir.Combine("pod-routes.sh");
        await File.WriteAllTextAsync(path, f.Content);
        (await ProcessRunner.RunAsync("sh", ["-n", path])).EnsureSuccess("sh -n pod-routes.sh");
        (await ProcessRunner.RunAsync("shellcheck", ["-s", "sh", path])).EnsureSuccess("shellcheck pod-routes.sh");
    }
}
