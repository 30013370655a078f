using K8sBare.Remote;
using K8sBare.Remote.Services;

namespace K8sBare.Cluster.Apply;

/// <summary>A node's init system as the Remote package names it, and the service manager for it on a host.</summary>
internal static class NodeServices
{
    /// <summary>The Remote package's init system for <paramref name="node"/>'s <see cref="NodeSpec.InitSystem"/>.</summary>
    public static Remote.Facts.InitSystem InitSystemOf(NodeSpec node) =>
        node.InitSystem == InitSystem.OpenRc ? Remote.Facts.InitSystem.OpenRc : Remote.Facts.InitSystem.Systemd;

    /// <summary>The service manager (systemctl or rc-service) for <paramref name="node"/> on <paramref name="host"/>.</summary>
    public static IServiceManager For(IHostConnection host, NodeSpec node) => ServiceManagers.For(host, InitSystemOf(node));
}
